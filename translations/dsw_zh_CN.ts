<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>AboutDialog</name>
        <message>
            <source>About DeepSeek Workbench</source>
            <translation>关于 DeepSeek 工作台</translation>
        </message>
        <message>
            <source>DeepSeek Workbench</source>
            <translation>DeepSeek 工作台</translation>
        </message>
        <message>
            <source>Open, chat with, inspect and benchmark DeepSeek-family language models.</source>
            <translation>打开 DeepSeek 系列语言模型，与其对话、查看内部结构并进行基准测试。</translation>
        </message>
        <message>
            <source>Version</source>
            <translation>版本</translation>
        </message>
        <message>
            <source>Database in use</source>
            <translation>当前数据库</translation>
        </message>
        <message>
            <source>Settings file</source>
            <translation>设置文件</translation>
        </message>
    </context>
    <context>
        <name>AppMenus</name>
        <message>
            <source>No recent models</source>
            <translation>没有最近打开的模型</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <source>Open &amp;recent</source>
            <translation>最近打开(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <source>&amp;Theme</source>
            <translation>主题(&amp;T)</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <source>&amp;Open file…</source>
            <translation>打开文件(&amp;O)…</translation>
        </message>
        <message>
            <source>Open &amp;folder…</source>
            <translation>打开文件夹(&amp;F)…</translation>
        </message>
        <message>
            <source>&amp;Export benchmark report…</source>
            <translation>导出基准测试报告(&amp;E)…</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <source>&amp;Log</source>
            <translation>日志(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;Light</source>
            <translation>浅色(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;Dark</source>
            <translation>深色(&amp;D)</translation>
        </message>
        <message>
            <source>&amp;Documentation</source>
            <translation>文档(&amp;D)</translation>
        </message>
        <message>
            <source>&amp;About DeepSeek Workbench</source>
            <translation>关于 DeepSeek 工作台(&amp;A)</translation>
        </message>
    </context>
    <context>
        <name>AttentionPanel</name>
        <message>
            <source>Window (full resolution)</source>
            <translation>窗口（全分辨率）</translation>
        </message>
        <message>
            <source>Overview: max per tile</source>
            <translation>概览：每块最大值</translation>
        </message>
        <message>
            <source>Overview: mean per tile</source>
            <translation>概览：每块平均值</translation>
        </message>
        <message>
            <source>Statistic</source>
            <translation>统计量</translation>
        </message>
        <message>
            <source>Layer</source>
            <translation>层</translation>
        </message>
        <message>
            <source>Head</source>
            <translation>头</translation>
        </message>
        <message>
            <source>Map</source>
            <translation>图</translation>
        </message>
        <message>
            <source>Window from token</source>
            <translation>窗口起始词元</translation>
        </message>
        <message>
            <source>size</source>
            <translation>大小</translation>
        </message>
        <message>
            <source>The layer whose heads are shown as small multiples</source>
            <translation>以小图展示其各个头的层</translation>
        </message>
        <message>
            <source>Long prompts: the full-resolution window starts here (queries and keys)</source>
            <translation>长提示：全分辨率窗口从此处开始（查询与键）</translation>
        </message>
        <message>
            <source>Run a prompt to see every layer&apos;s and head&apos;s attention.</source>
            <translation>运行一个提示，查看每一层、每个头的注意力。</translation>
        </message>
        <message numerus="yes">
            <source>%n token(s) · %1 layers × %2 heads · %3 s · window: tokens %4–%5 · overview tiles of %6 token(s)</source>
            <translation>
                <numerusform>%n 个词元 · %1 层 × %2 个头 · %3 秒 · 窗口：词元 %4–%5 · 概览每块 %6 个词元</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>BenchPresentation</name>
        <message>
            <source>ID</source>
            <translation>编号</translation>
        </message>
        <message>
            <source>Date (UTC)</source>
            <translation>日期（UTC）</translation>
        </message>
        <message>
            <source>Label</source>
            <translation>标签</translation>
        </message>
        <message>
            <source>Suite</source>
            <translation>测试套件</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <source>Architecture</source>
            <translation>架构</translation>
        </message>
        <message>
            <source>Precision</source>
            <translation>精度</translation>
        </message>
        <message>
            <source>Device</source>
            <translation>设备</translation>
        </message>
        <message>
            <source>Prompt</source>
            <translation>提示词</translation>
        </message>
        <message>
            <source>Generated</source>
            <translation>生成</translation>
        </message>
        <message>
            <source>Batch</source>
            <translation>批大小</translation>
        </message>
        <message>
            <source>Prefill tok/s</source>
            <translation>预填充 词元/秒</translation>
        </message>
        <message>
            <source>Decode tok/s</source>
            <translation>解码 词元/秒</translation>
        </message>
        <message>
            <source>Decode CV</source>
            <translation>解码变异系数</translation>
        </message>
        <message>
            <source>TTFT ms</source>
            <translation>首词元延迟 毫秒</translation>
        </message>
        <message>
            <source>p50 ms</source>
            <translation>p50 毫秒</translation>
        </message>
        <message>
            <source>p95 ms</source>
            <translation>p95 毫秒</translation>
        </message>
        <message>
            <source>p99 ms</source>
            <translation>p99 毫秒</translation>
        </message>
        <message>
            <source>Peak MiB</source>
            <translation>峰值 MiB</translation>
        </message>
        <message>
            <source>Load s</source>
            <translation>加载 秒</translation>
        </message>
        <message>
            <source>Perplexity</source>
            <translation>困惑度</translation>
        </message>
        <message>
            <source>Distinct-2</source>
            <translation>Distinct-2 多样性</translation>
        </message>
        <message>
            <source>Noisy</source>
            <translation>噪声大</translation>
        </message>
        <message>
            <source>Notes</source>
            <translation>备注</translation>
        </message>
        <message>
            <source>⚠ noisy</source>
            <translation>⚠ 噪声大</translation>
        </message>
        <message>
            <source>baseline</source>
            <translation>基线</translation>
        </message>
        <message>
            <source>better</source>
            <translation>更好</translation>
        </message>
        <message>
            <source>worse</source>
            <translation>更差</translation>
        </message>
        <message>
            <source>no significant difference</source>
            <translation>无显著差异</translation>
        </message>
        <message>
            <source>n/a</source>
            <translation>不适用</translation>
        </message>
        <message>
            <source>Metric</source>
            <translation>指标</translation>
        </message>
        <message>
            <source>Unit</source>
            <translation>单位</translation>
        </message>
        <message>
            <source>%1 (baseline)</source>
            <translation>%1（基线）</translation>
        </message>
        <message>
            <source>%1 vs baseline</source>
            <translation>%1 对比基线</translation>
        </message>
        <message>
            <source>Higher is better. Differences within ± %1 count as noise.</source>
            <translation>越高越好。± %1 以内的差异视为噪声。</translation>
        </message>
        <message>
            <source>Lower is better. Differences within ± %1 count as noise.</source>
            <translation>越低越好。± %1 以内的差异视为噪声。</translation>
        </message>
        <message>
            <source>Batch size (sequences)</source>
            <translation>批大小（序列数）</translation>
        </message>
        <message>
            <source>Prompt length (tokens)</source>
            <translation>提示词长度（词元）</translation>
        </message>
        <message>
            <source>Speed</source>
            <translation>速度</translation>
        </message>
        <message>
            <source>Diversity</source>
            <translation>多样性</translation>
        </message>
        <message>
            <source>Sweep</source>
            <translation>扫描</translation>
        </message>
        <message>
            <source>Load time</source>
            <translation>加载时间</translation>
        </message>
        <message>
            <source>Prefill speed</source>
            <translation>预填充速度</translation>
        </message>
        <message>
            <source>Decode speed</source>
            <translation>解码速度</translation>
        </message>
        <message>
            <source>Decode variation (CV)</source>
            <translation>解码波动（变异系数）</translation>
        </message>
        <message>
            <source>Time to first token</source>
            <translation>首词元时间</translation>
        </message>
        <message>
            <source>Token latency p50</source>
            <translation>词元延迟 p50</translation>
        </message>
        <message>
            <source>Token latency p95</source>
            <translation>词元延迟 p95</translation>
        </message>
        <message>
            <source>Token latency p99</source>
            <translation>词元延迟 p99</translation>
        </message>
        <message>
            <source>Peak memory of the run</source>
            <translation>本次运行的峰值内存</translation>
        </message>
        <message>
            <source>Peak device memory</source>
            <translation>设备峰值内存</translation>
        </message>
        <message>
            <source>Share of memory bandwidth</source>
            <translation>内存带宽利用率</translation>
        </message>
        <message>
            <source>Mean negative log-likelihood</source>
            <translation>平均负对数似然</translation>
        </message>
        <message>
            <source>Distinct-1</source>
            <translation>Distinct-1 多样性</translation>
        </message>
        <message>
            <source>Repetition rate</source>
            <translation>重复率</translation>
        </message>
        <message>
            <source>device</source>
            <translation>设备</translation>
        </message>
        <message>
            <source>threads</source>
            <translation>线程数</translation>
        </message>
        <message>
            <source>precision</source>
            <translation>精度</translation>
        </message>
        <message>
            <source>prompt length</source>
            <translation>提示长度</translation>
        </message>
        <message>
            <source>generated length</source>
            <translation>生成长度</translation>
        </message>
        <message>
            <source>batch</source>
            <translation>批大小</translation>
        </message>
        <message>
            <source>context</source>
            <translation>上下文</translation>
        </message>
        <message>
            <source>tokenizer</source>
            <translation>分词器</translation>
        </message>
        <message>
            <source>text file</source>
            <translation>文本文件</translation>
        </message>
        <message>
            <source>%1 %2 vs %3</source>
            <translation>%1 %2 对 %3</translation>
        </message>
        <message>
            <source>Select two or more runs in the table above (Ctrl+click) to compare them. The first is the baseline.</source>
            <translation>在上方表格中选择两个或更多运行（Ctrl+单击）进行比较。第一个为基线。</translation>
        </message>
        <message numerus="yes">
            <source>%n run(s) compared against %1. Differences within the measured noise are shown as &quot;no significant difference&quot;.</source>
            <translation>
                <numerusform>%n 个运行与 %1 比较。在测得噪声范围内的差异显示为“无显著差异”。</numerusform>
            </translation>
        </message>
        <message>
            <source>%1: settings differ: %2</source>
            <translation>%1：设置不同：%2</translation>
        </message>
        <message>
            <source>Better/worse verdicts are given across these differences, as you asked; read them with care.</source>
            <translation>已按你的要求在这些设置差异之间给出更好/更差的结论；请谨慎解读。</translation>
        </message>
        <message>
            <source>No better/worse verdict is given for the metrics these settings affect; tick &quot;Verdicts across different settings&quot; to see them anyway.</source>
            <translation>受这些设置影响的指标不给出更好/更差的结论；勾选“跨不同设置给出结论”仍可查看。</translation>
        </message>
        <message>
            <source>settings differ</source>
            <translation>设置不同</translation>
        </message>
        <message>
            <source>%1 (stored value) · noise ± %2</source>
            <translation>%1（存储值）· 噪声 ± %2</translation>
        </message>
        <message>
            <source>Settings differ: %1</source>
            <translation>设置不同：%1</translation>
        </message>
        <message>
            <source>Quality against a reference</source>
            <translation>相对参考模型的质量</translation>
        </message>
        <message>
            <source>Perplexity change against the reference</source>
            <translation>相对参考模型的困惑度变化</translation>
        </message>
        <message>
            <source>Mean KL divergence</source>
            <translation>平均 KL 散度</translation>
        </message>
        <message>
            <source>KL divergence p99</source>
            <translation>KL 散度 p99</translation>
        </message>
        <message>
            <source>Top-1 agreement</source>
            <translation>Top-1 一致率</translation>
        </message>
        <message>
            <source>Expert routing agreement</source>
            <translation>专家路由一致度</translation>
        </message>
        <message>
            <source>Expert routings changed</source>
            <translation>专家路由变化比例</translation>
        </message>
        <message>
            <source>Largest layer error</source>
            <translation>最大层误差</translation>
        </message>
        <message>
            <source>reference model</source>
            <translation>参考模型</translation>
        </message>
    </context>
    <context>
        <name>BenchRunForm</name>
        <message>
            <source>Run a benchmark</source>
            <translation>运行基准测试</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <source>Suite</source>
            <translation>测试套件</translation>
        </message>
        <message>
            <source>Prompt / generated</source>
            <translation>提示词 / 生成词元</translation>
        </message>
        <message>
            <source>Batch / repetitions</source>
            <translation>批大小 / 重复次数</translation>
        </message>
        <message>
            <source>Sweep</source>
            <translation>扫描</translation>
        </message>
        <message>
            <source>Text file</source>
            <translation>文本文件</translation>
        </message>
        <message>
            <source>Label</source>
            <translation>标签</translation>
        </message>
        <message>
            <source>Speed (prefill, decode, latency, memory)</source>
            <translation>速度（预填充、解码、延迟、内存）</translation>
        </message>
        <message>
            <source>Perplexity on a text file</source>
            <translation>文本文件上的困惑度</translation>
        </message>
        <message>
            <source>Diversity of sampled text</source>
            <translation>采样文本的多样性</translation>
        </message>
        <message>
            <source>No sweep</source>
            <translation>不扫描</translation>
        </message>
        <message>
            <source>Over batch sizes</source>
            <translation>扫描批大小</translation>
        </message>
        <message>
            <source>Over prompt lengths</source>
            <translation>扫描提示词长度</translation>
        </message>
        <message>
            <source>values, e.g. 1,2,4</source>
            <translation>取值，例如 1,2,4</translation>
        </message>
        <message>
            <source>Prompt tokens per sequence (the context for perplexity)</source>
            <translation>每个序列的提示词词元数（困惑度测试时为上下文长度）</translation>
        </message>
        <message>
            <source>Generated tokens per sequence</source>
            <translation>每个序列生成的词元数</translation>
        </message>
        <message>
            <source>Sequences run together</source>
            <translation>同时运行的序列数</translation>
        </message>
        <message>
            <source>Timed repetitions after one warm-up; their spread decides whether a run is noisy</source>
            <translation>一次预热后的计时重复次数；其离散程度决定该次运行是否噪声过大</translation>
        </message>
        <message>
            <source>a UTF-8 text file</source>
            <translation>UTF-8 文本文件</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <source>e.g. base, q8_0, lora-v2</source>
            <translation>例如 base、q8_0、lora-v2</translation>
        </message>
        <message>
            <source>Run benchmark</source>
            <translation>运行基准测试</translation>
        </message>
        <message>
            <source>Runs as a job on the chosen model; the result is stored with dsw-cli&apos;s runs.</source>
            <translation>作为任务在所选模型上运行；结果与 dsw-cli 的运行结果存放在一起。</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
    </context>
    <context>
        <name>BenchStoreService</name>
        <message>
            <source>The database is not open.</source>
            <translation>数据库尚未打开。</translation>
        </message>
        <message>
            <source>Stored as result row(s) %1</source>
            <translation>已保存为结果行 %1</translation>
        </message>
    </context>
    <context>
        <name>BenchmarksController</name>
        <message>
            <source>Text for the perplexity suite</source>
            <translation>困惑度测试用的文本</translation>
        </message>
        <message>
            <source>Text files (*.txt *.md *.raw);;All files (*)</source>
            <translation>文本文件 (*.txt *.md *.raw);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Export the benchmark report</source>
            <translation>导出基准测试报告</translation>
        </message>
        <message>
            <source>HTML with charts (*.html);;PDF with charts (*.pdf);;Markdown (*.md);;CSV (*.csv);;JSON (*.json)</source>
            <translation>带图表的 HTML (*.html);;带图表的 PDF (*.pdf);;Markdown (*.md);;CSV (*.csv);;JSON (*.json)</translation>
        </message>
        <message>
            <source>Export failed</source>
            <translation>导出失败</translation>
        </message>
        <message>
            <source>The model was closed.</source>
            <translation>模型已关闭。</translation>
        </message>
        <message>
            <source>Results database: %1</source>
            <translation>结果数据库：%1</translation>
        </message>
        <message>
            <source>Results are unavailable: %1</source>
            <translation>结果不可用：%1</translation>
        </message>
        <message>
            <source>The result could not be stored: %1</source>
            <translation>无法保存结果：%1</translation>
        </message>
        <message>
            <source>Open a model in the Models area to benchmark it.</source>
            <translation>请先在“模型”区域打开一个模型，再对其进行基准测试。</translation>
        </message>
        <message>
            <source>Choose the text file to measure perplexity on.</source>
            <translation>请选择用于测量困惑度的文本文件。</translation>
        </message>
        <message>
            <source>Running on %1 — see the Jobs area for progress.</source>
            <translation>正在 %1 上运行——进度见“任务”区域。</translation>
        </message>
        <message>
            <source>The benchmark was cancelled.</source>
            <translation>基准测试已取消。</translation>
        </message>
        <message>
            <source>The benchmark failed: %1</source>
            <translation>基准测试失败：%1</translation>
        </message>
        <message numerus="yes">
            <source>Stored as result row(s) %1</source>
            <translation>
                <numerusform>已保存为结果行 %1</numerusform>
            </translation>
        </message>
        <message>
            <source>No sweep runs yet: run the speed suite with a sweep over batch sizes or prompt lengths.</source>
            <translation>还没有扫描运行：请用速度测试套件扫描批大小或提示词长度。</translation>
        </message>
        <message>
            <source>Report written to %1</source>
            <translation>报告已写入 %1</translation>
        </message>
        <message>
            <source>Relabel run #%1</source>
            <translation>重新标记运行 #%1</translation>
        </message>
        <message>
            <source>Label of run #%1 (empty: none). It names the run in comparisons and reports.</source>
            <translation>运行 #%1 的标签（留空：无标签）。它在比较和报告中用作该运行的名称。</translation>
        </message>
        <message>
            <source>Delete benchmark runs?</source>
            <translation>删除基准测试运行？</translation>
        </message>
        <message numerus="yes">
            <source>Delete %n stored run(s) from the results database?</source>
            <translation>
                <numerusform>从结果数据库中删除 %n 个已存储的运行？</numerusform>
            </translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Keep them</source>
            <translation>保留</translation>
        </message>
        <message>
            <source>The results database was updated.</source>
            <translation>结果数据库已更新。</translation>
        </message>
        <message>
            <source>%1

This cannot be undone; dsw-cli and exported reports no longer see them. Job history keeps the jobs that produced them.</source>
            <translation>%1

此操作无法撤销；dsw-cli 和导出的报告将不再看到它们。任务历史仍保留产生它们的任务。</translation>
        </message>
    </context>
    <context>
        <name>BenchmarksPage</name>
        <message>
            <source>Benchmarks</source>
            <translation>基准测试</translation>
        </message>
        <message>
            <source>Speed, perplexity and diversity runs stored by the workbench and dsw-cli. Select two or more to compare.</source>
            <translation>工作台和 dsw-cli 保存的速度、困惑度和多样性运行。选择两个或更多进行比较。</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Reload the runs from the database (includes runs dsw-cli wrote since).</source>
            <translation>从数据库重新加载运行（包括 dsw-cli 之后写入的运行）。</translation>
        </message>
        <message>
            <source>Filter by label, model, suite, device…</source>
            <translation>按标签、模型、套件、设备筛选…</translation>
        </message>
        <message>
            <source>Relabel…</source>
            <translation>重新标记…</translation>
        </message>
        <message>
            <source>Give the selected run a new label (it names the run in comparisons and reports).</source>
            <translation>为所选运行设置新标签（它在比较和报告中用作该运行的名称）。</translation>
        </message>
        <message>
            <source>Delete…</source>
            <translation>删除…</translation>
        </message>
        <message>
            <source>Delete the selected runs from the results database (asks first).</source>
            <translation>从结果数据库中删除所选运行（会先询问）。</translation>
        </message>
    </context>
    <context>
        <name>ChartAdapter</name>
        <message>
            <source>%1: the chart could not be drawn.</source>
            <translation>%1：无法绘制图表。</translation>
        </message>
        <message>
            <source>%1: save a chart as .png or .svg.</source>
            <translation>%1：请将图表保存为 .png 或 .svg。</translation>
        </message>
        <message>
            <source>%1: cannot write: %2</source>
            <translation>%1：无法写入：%2</translation>
        </message>
        <message>
            <source>%1: this chart has no data to save.</source>
            <translation>%1：此图表没有可保存的数据。</translation>
        </message>
        <message>
            <source>%1: save the data as .csv or .json.</source>
            <translation>%1：请将数据保存为 .csv 或 .json。</translation>
        </message>
        <message>
            <source>Save image (PNG or SVG)…</source>
            <translation>保存图像（PNG 或 SVG）…</translation>
        </message>
        <message>
            <source>Save data (CSV or JSON)…</source>
            <translation>保存数据（CSV 或 JSON）…</translation>
        </message>
        <message>
            <source>Add to the benchmark report</source>
            <translation>加入基准测试报告</translation>
        </message>
    </context>
    <context>
        <name>ComparePanel</name>
        <message>
            <source>layer %1 · head %2 (click to open)
JS mean %3 bits, max %4 bits</source>
            <translation>第 %1 层 · 第 %2 个头（点击打开）
JS 平均 %3 比特，最大 %4 比特</translation>
        </message>
        <message>
            <source>Attention</source>
            <translation>注意力</translation>
        </message>
        <message>
            <source>Routing</source>
            <translation>路由</translation>
        </message>
        <message>
            <source>Per token</source>
            <translation>逐词元</translation>
        </message>
        <message>
            <source>Load</source>
            <translation>负载</translation>
        </message>
        <message>
            <source>Co-activation</source>
            <translation>共同激活</translation>
        </message>
        <message>
            <source>MoE layer</source>
            <translation>MoE 层</translation>
        </message>
        <message>
            <source>Choose a model to compare with, then Run: the same prompt goes through both.</source>
            <translation>选择要对比的模型，然后运行：同一提示会经过两个模型。</translation>
        </message>
        <message>
            <source>Compare the routing of two models on a prompt, or two stored data-set runs.</source>
            <translation>在同一提示上对比两个模型的路由，或对比两次已存储的数据集运行。</translation>
        </message>
        <message numerus="yes">
            <source>A: %1
B: %2
%n token(s); the heads that differ most: layer %3 head %4 (%5 bits)</source>
            <translation>
                <numerusform>A：%1
B：%2
%n 个词元；差异最大的头：第 %3 层第 %4 个头（%5 比特）</numerusform>
            </translation>
        </message>
        <message>
            <source>layer %1</source>
            <translation>第 %1 层</translation>
        </message>
    </context>
    <context>
        <name>ComparisonPanel</name>
        <message>
            <source>Comparison</source>
            <translation>比较</translation>
        </message>
        <message>
            <source>Baseline</source>
            <translation>基线</translation>
        </message>
        <message>
            <source>Metric</source>
            <translation>指标</translation>
        </message>
        <message>
            <source>Export report…</source>
            <translation>导出报告…</translation>
        </message>
        <message>
            <source>Save the comparison as HTML or PDF (with charts), Markdown, CSV or JSON.</source>
            <translation>将比较结果保存为 HTML 或 PDF（含图表）、Markdown、CSV 或 JSON。</translation>
        </message>
        <message>
            <source>Table</source>
            <translation>表格</translation>
        </message>
        <message>
            <source>Bar chart</source>
            <translation>柱状图</translation>
        </message>
        <message>
            <source>Sweep</source>
            <translation>扫描</translation>
        </message>
        <message>
            <source>Verdicts across different settings</source>
            <translation>跨不同设置给出结论</translation>
        </message>
        <message>
            <source>Also call runs better or worse when they were measured with different threads, device, precision, lengths or tokenizer. Off by default: such differences are not the model&apos;s.</source>
            <translation>即使运行使用了不同的线程数、设备、精度、长度或分词器，也判断其更好或更差。默认关闭：这类差异并非来自模型本身。</translation>
        </message>
    </context>
    <context>
        <name>DatasetPanel</name>
        <message>
            <source>Route every document of a text file (one document) or a JSONL file (one per line) through the model chosen above. Runs are kept in the results database, so any two can be compared later.</source>
            <translation>让文本文件（一个文档）或 JSONL 文件（每行一个文档）中的每个文档经过上方所选模型的路由。运行结果保存在结果数据库中，之后可以任选两次进行对比。</translation>
        </message>
        <message>
            <source>Data file</source>
            <translation>数据文件</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <source>JSONL field</source>
            <translation>JSONL 字段</translation>
        </message>
        <message>
            <source>text (default), else every string field</source>
            <translation>text（默认），否则使用所有字符串字段</translation>
        </message>
        <message>
            <source>Token limit</source>
            <translation>词元上限</translation>
        </message>
        <message>
            <source>whole file</source>
            <translation>整个文件</translation>
        </message>
        <message>
            <source>Label</source>
            <translation>标签</translation>
        </message>
        <message>
            <source>Run and store</source>
            <translation>运行并保存</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Show</source>
            <translation>显示</translation>
        </message>
        <message>
            <source>Compare two</source>
            <translation>对比两次</translation>
        </message>
        <message>
            <source>Export…</source>
            <translation>导出…</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Run</source>
            <translation>运行</translation>
        </message>
        <message>
            <source>Created</source>
            <translation>创建时间</translation>
        </message>
        <message>
            <source>Tokens</source>
            <translation>词元数</translation>
        </message>
        <message>
            <source>Documents</source>
            <translation>文档数</translation>
        </message>
        <message>
            <source>Per token</source>
            <translation>逐词元</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <source>yes</source>
            <translation>是</translation>
        </message>
        <message>
            <source>no</source>
            <translation>否</translation>
        </message>
    </context>
    <context>
        <name>DocumentationDialog</name>
        <message>
            <source>DeepSeek Workbench documentation</source>
            <translation>DeepSeek 工作台文档</translation>
        </message>
        <message>
            <source>The documentation files were not found. They are installed in share/doc/deepseek-workbench (README.md and docs/); dsw --help lists the command-line options.</source>
            <translation>未找到文档文件。它们安装在 share/doc/deepseek-workbench（README.md 和 docs/）；dsw --help 列出命令行选项。</translation>
        </message>
    </context>
    <context>
        <name>FilterableTableView</name>
        <message>
            <source>%1 of %2</source>
            <translation>%1 / %2</translation>
        </message>
        <message>
            <source>Filter by name…</source>
            <translation>按名称筛选…</translation>
        </message>
    </context>
    <context>
        <name>FinetuneController</name>
        <message>
            <source>Base model folder</source>
            <translation>基础模型文件夹</translation>
        </message>
        <message>
            <source>Training data</source>
            <translation>训练数据</translation>
        </message>
        <message>
            <source>Training data (*.jsonl *.json *.txt);;All files (*)</source>
            <translation>训练数据 (*.jsonl *.json *.txt);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Output folder for the run</source>
            <translation>本次运行的输出文件夹</translation>
        </message>
        <message>
            <source>Open a model folder in the Models area (or choose one with Browse…) to fine-tune it.</source>
            <translation>请在“模型”中打开一个模型文件夹（或用“浏览…”选择一个）来微调它。</translation>
        </message>
        <message>
            <source>Checking the plan…</source>
            <translation>正在检查计划…</translation>
        </message>
        <message>
            <source>Choose a base model, a data file and an output folder.</source>
            <translation>请选择基础模型、数据文件和输出文件夹。</translation>
        </message>
        <message>
            <source>The output folder holds a run already: Resume it, or choose another folder.</source>
            <translation>输出文件夹中已有一次运行：请继续它，或另选一个文件夹。</translation>
        </message>
        <message>
            <source>The output folder has no checkpoint to resume from.</source>
            <translation>输出文件夹中没有可以继续的检查点。</translation>
        </message>
        <message>
            <source>Fine-tune %1 (LoRA r%2)</source>
            <translation>微调 %1（LoRA r%2）</translation>
        </message>
        <message>
            <source>Fine-tune %1 (all weights)</source>
            <translation>微调 %1（全部权重）</translation>
        </message>
        <message>
            <source> — resumed</source>
            <translation> — 已继续</translation>
        </message>
        <message>
            <source>Resuming from the newest checkpoint…</source>
            <translation>正在从最新的检查点继续…</translation>
        </message>
        <message>
            <source>Starting — see the Training tab.</source>
            <translation>正在开始 — 请看“训练”标签页。</translation>
        </message>
        <message>
            <source>Preparing: opening the model and tokenizing the data…</source>
            <translation>正在准备：打开模型并对数据分词…</translation>
        </message>
        <message>
            <source>layer %1</source>
            <translation>第 %1 层</translation>
        </message>
        <message>
            <source>Finished: %1</source>
            <translation>已完成：%1</translation>
        </message>
        <message>
            <source>Finished.</source>
            <translation>已完成。</translation>
        </message>
        <message>
            <source>Cancelled: %1. Resume continues from the checkpoint, exactly.</source>
            <translation>已取消：%1。“继续”将从检查点精确地接着训练。</translation>
        </message>
        <message>
            <source>Refused before starting: %1</source>
            <translation>开始前被拒绝：%1</translation>
        </message>
        <message>
            <source>The run stopped: %1</source>
            <translation>运行已停止：%1</translation>
        </message>
        <message>
            <source>Explain what you were trained to do.</source>
            <translation>请说明你被训练来做什么。</translation>
        </message>
        <message>
            <source>base</source>
            <translation>基础</translation>
        </message>
        <message>
            <source>Perplexity on the eval split (%1)</source>
            <translation>验证集上的困惑度（%1）</translation>
        </message>
        <message>
            <source>The perplexity comparison failed: %1</source>
            <translation>困惑度比较失败：%1</translation>
        </message>
        <message>
            <source>Run</source>
            <translation>运行</translation>
        </message>
        <message>
            <source>Finished</source>
            <translation>完成时间</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>来源</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <source>Steps</source>
            <translation>步数</translation>
        </message>
        <message>
            <source>Final loss</source>
            <translation>最终损失</translation>
        </message>
        <message>
            <source>Eval loss</source>
            <translation>验证损失</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>结果</translation>
        </message>
        <message>
            <source>Audit</source>
            <translation>审计</translation>
        </message>
        <message>
            <source>imported</source>
            <translation>导入</translation>
        </message>
        <message>
            <source>local</source>
            <translation>本地</translation>
        </message>
        <message>
            <source>Runs are unavailable: %1</source>
            <translation>无法列出运行：%1</translation>
        </message>
        <message>
            <source>The run&apos;s settings cannot be read: %1</source>
            <translation>无法读取该运行的设置：%1</translation>
        </message>
        <message>
            <source>Settings of run %1 loaded: Resume continues it, or choose a new output folder for a new run.</source>
            <translation>已载入运行 %1 的设置：“继续”会接着它训练，或选择新的输出文件夹开始新的运行。</translation>
        </message>
        <message>
            <source>Settings of run %1 loaded.</source>
            <translation>已载入运行 %1 的设置。</translation>
        </message>
        <message>
            <source>Run %1: %2</source>
            <translation>运行 %1：%2</translation>
        </message>
        <message>
            <source>step</source>
            <translation>步</translation>
        </message>
        <message>
            <source>Loss</source>
            <translation>损失</translation>
        </message>
        <message>
            <source>train</source>
            <translation>训练</translation>
        </message>
        <message>
            <source>eval</source>
            <translation>验证</translation>
        </message>
        <message>
            <source>Learning rate</source>
            <translation>学习率</translation>
        </message>
        <message>
            <source>learning rate</source>
            <translation>学习率</translation>
        </message>
        <message>
            <source>Gradient norm before clipping (log scale)</source>
            <translation>裁剪前的梯度范数（对数刻度）</translation>
        </message>
        <message>
            <source>global norm</source>
            <translation>全局范数</translation>
        </message>
        <message>
            <source>flagged</source>
            <translation>已标记</translation>
        </message>
        <message>
            <source>Tokens per second</source>
            <translation>每秒词元数</translation>
        </message>
        <message>
            <source>Resident memory (MiB)</source>
            <translation>常驻内存（MiB）</translation>
        </message>
        <message>
            <source>Gradient norm per layer</source>
            <translation>每层梯度范数</translation>
        </message>
        <message>
            <source>layer</source>
            <translation>层</translation>
        </message>
        <message>
            <source>log10 norm</source>
            <translation>log10 范数</translation>
        </message>
        <message>
            <source>Expert load: share of routed assignments</source>
            <translation>专家负载：路由分配的占比</translation>
        </message>
        <message>
            <source>expert</source>
            <translation>专家</translation>
        </message>
        <message>
            <source>share</source>
            <translation>占比</translation>
        </message>
        <message>
            <source>Loss of the selected run</source>
            <translation>所选运行的损失</translation>
        </message>
        <message>
            <source>Choose a base model and a data file: the first rows appear here as the run will see them.</source>
            <translation>请选择基础模型和数据文件：前几行会按本次运行看到的样子显示在这里。</translation>
        </message>
        <message>
            <source>Compares where the MoE layers send the eval prompts&apos; tokens in the base and in the result (Inspect&apos;s routing comparison)</source>
            <translation>比较基础模型与结果中 MoE 层把评估提示的词元分派到哪里（检查区域的路由比较）</translation>
        </message>
    </context>
    <context>
        <name>FinetuneForm</name>
        <message>
            <source>Base model</source>
            <translation>基础模型</translation>
        </message>
        <message>
            <source>Data file</source>
            <translation>数据文件</translation>
        </message>
        <message>
            <source>Format</source>
            <translation>格式</translation>
        </message>
        <message>
            <source>Sequence length</source>
            <translation>序列长度</translation>
        </message>
        <message>
            <source>Examples used</source>
            <translation>使用的样本数</translation>
        </message>
        <message>
            <source>Held out for eval</source>
            <translation>留作验证</translation>
        </message>
        <message>
            <source>Preset</source>
            <translation>预设</translation>
        </message>
        <message>
            <source>Method</source>
            <translation>方法</translation>
        </message>
        <message>
            <source>Rank / alpha</source>
            <translation>秩 / alpha</translation>
        </message>
        <message>
            <source>Dropout</source>
            <translation>Dropout</translation>
        </message>
        <message>
            <source>Learning rate</source>
            <translation>学习率</translation>
        </message>
        <message>
            <source>Schedule / warm-up</source>
            <translation>调度 / 预热</translation>
        </message>
        <message>
            <source>Weight decay / clip</source>
            <translation>权重衰减 / 裁剪</translation>
        </message>
        <message>
            <source>Steps</source>
            <translation>步数</translation>
        </message>
        <message>
            <source>Batch × accumulation</source>
            <translation>批大小 × 累积</translation>
        </message>
        <message>
            <source>Seed</source>
            <translation>随机种子</translation>
        </message>
        <message>
            <source>Eval / checkpoint every</source>
            <translation>每隔多少步验证 / 保存检查点</translation>
        </message>
        <message>
            <source>Threads</source>
            <translation>线程</translation>
        </message>
        <message>
            <source>MoE balance loss / V3 bias rate</source>
            <translation>MoE 均衡损失 / V3 偏置更新率</translation>
        </message>
        <message>
            <source>Router learning rate ×</source>
            <translation>路由器学习率倍数</translation>
        </message>
        <message>
            <source>Adapt</source>
            <translation>适配</translation>
        </message>
        <message>
            <source>Patterns</source>
            <translation>模式</translation>
        </message>
        <message>
            <source>Exclude</source>
            <translation>排除</translation>
        </message>
        <message>
            <source>Output folder</source>
            <translation>输出文件夹</translation>
        </message>
        <message>
            <source>Base model and data</source>
            <translation>基础模型与数据</translation>
        </message>
        <message>
            <source>Hyper-parameters</source>
            <translation>超参数</translation>
        </message>
        <message>
            <source>Targets</source>
            <translation>目标</translation>
        </message>
        <message>
            <source>Output</source>
            <translation>输出</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <source>Plain text (packed)</source>
            <translation>纯文本（打包）</translation>
        </message>
        <message>
            <source>Prompt and response (JSONL)</source>
            <translation>提示与回复（JSONL）</translation>
        </message>
        <message>
            <source>Chat messages (JSONL)</source>
            <translation>对话消息（JSONL）</translation>
        </message>
        <message>
            <source>Prompt field</source>
            <translation>提示字段</translation>
        </message>
        <message>
            <source>Messages field</source>
            <translation>消息字段</translation>
        </message>
        <message>
            <source>Text field (JSONL)</source>
            <translation>文本字段（JSONL）</translation>
        </message>
        <message>
            <source>Response field</source>
            <translation>回复字段</translation>
        </message>
        <message>
            <source>Quick check (20 steps)</source>
            <translation>快速检查（20 步）</translation>
        </message>
        <message>
            <source>Balanced (200 steps)</source>
            <translation>均衡（200 步）</translation>
        </message>
        <message>
            <source>Thorough (1,000 steps)</source>
            <translation>充分（1,000 步）</translation>
        </message>
        <message>
            <source>Custom</source>
            <translation>自定义</translation>
        </message>
        <message>
            <source>LoRA adapter</source>
            <translation>LoRA 适配器</translation>
        </message>
        <message>
            <source>Full fine-tuning (small models)</source>
            <translation>全量微调（小模型）</translation>
        </message>
        <message>
            <source>rsLoRA scaling</source>
            <translation>rsLoRA 缩放</translation>
        </message>
        <message>
            <source>Cosine</source>
            <translation>余弦</translation>
        </message>
        <message>
            <source>Linear</source>
            <translation>线性</translation>
        </message>
        <message>
            <source>Constant</source>
            <translation>恒定</translation>
        </message>
        <message>
            <source>Gradient checkpointing</source>
            <translation>梯度检查点</translation>
        </message>
        <message>
            <source>All</source>
            <translation>全部</translation>
        </message>
        <message>
            <source>At the end</source>
            <translation>仅在结束时</translation>
        </message>
        <message>
            <source>Every linear layer</source>
            <translation>每个线性层</translation>
        </message>
        <message>
            <source>Attention (MLA projections included)</source>
            <translation>注意力（包括 MLA 投影）</translation>
        </message>
        <message>
            <source>Attention and MLP (experts included)</source>
            <translation>注意力与 MLP（包括专家）</translation>
        </message>
        <message>
            <source>Custom patterns</source>
            <translation>自定义模式</translation>
        </message>
        <message>
            <source>q_proj, v_proj, re:.*experts\.[0-3]\..*</source>
            <translation>q_proj, v_proj, re:.*experts\.[0-3]\..*</translation>
        </message>
        <message>
            <source>module-name patterns left out</source>
            <translation>排除的模块名模式</translation>
        </message>
        <message>
            <source>Adapt the MoE router too</source>
            <translation>同时适配 MoE 路由器</translation>
        </message>
        <message>
            <source>Open the result beside its base when the run ends</source>
            <translation>运行结束后在基础模型旁打开结果</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>开始</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Resume</source>
            <translation>继续</translation>
        </message>
        <message>
            <source>Peak learning rate of AdamW, e.g. 2e-4</source>
            <translation>AdamW 的峰值学习率，例如 2e-4</translation>
        </message>
        <message>
            <source>DeepSeekMoE expert balance loss weight (0: off)</source>
            <translation>DeepSeekMoE 专家均衡损失的权重（0：关闭）</translation>
        </message>
        <message>
            <source>DeepSeek-V3 router bias update rate per step (0: off)</source>
            <translation>DeepSeek-V3 路由偏置每步的更新率（0：关闭）</translation>
        </message>
        <message>
            <source>The MoE routers learn at this multiple of the learning rate (1: the same; 10 helps upcycled experts specialise)</source>
            <translation>MoE 路由器以学习率的此倍数学习（1：相同；10 有助于升级改造得到的专家分工）</translation>
        </message>
        <message>
            <source>Continue from the newest checkpoint in the output folder, exactly</source>
            <translation>从输出文件夹中最新的检查点精确地继续</translation>
        </message>
    </context>
    <context>
        <name>FinetunePage</name>
        <message>
            <source>Fine-tune</source>
            <translation>微调</translation>
        </message>
        <message>
            <source>Train a LoRA adapter or all weights on your data, watch it learn, and compare the result with its base.</source>
            <translation>用你的数据训练 LoRA 适配器或全部权重，观察它的学习过程，并将结果与基础模型比较。</translation>
        </message>
        <message>
            <source>Plan</source>
            <translation>计划</translation>
        </message>
        <message>
            <source>Data</source>
            <translation>数据</translation>
        </message>
        <message>
            <source>Training</source>
            <translation>训练</translation>
        </message>
        <message>
            <source>Runs</source>
            <translation>运行记录</translation>
        </message>
        <message>
            <source>Shaded tokens are ignored by the loss (prompt, chat-template markers, padding); the model learns to produce the others.</source>
            <translation>带阴影的词元不计入损失（提示、对话模板标记、填充）；模型学习生成其余的词元。</translation>
        </message>
        <message>
            <source>Expert load of MoE layer</source>
            <translation>MoE 层的专家负载</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>结果</translation>
        </message>
        <message>
            <source>Open beside its base</source>
            <translation>在基础模型旁打开</translation>
        </message>
        <message>
            <source>Same prompts side by side (Playground)</source>
            <translation>相同提示并排比较（试验场）</translation>
        </message>
        <message>
            <source>Perplexity on the eval split (Benchmarks)</source>
            <translation>验证集上的困惑度（基准测试）</translation>
        </message>
        <message>
            <source>Routing shift (Inspect)</source>
            <translation>路由变化（检查）</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Use these settings</source>
            <translation>使用这些设置</translation>
        </message>
        <message>
            <source>Filter modules…</source>
            <translation>筛选模块…</translation>
        </message>
        <message>
            <source>Filter runs…</source>
            <translation>筛选运行…</translation>
        </message>
    </context>
    <context>
        <name>FinetunePresentation</name>
        <message>
            <source>not adapted</source>
            <translation>未适配</translation>
        </message>
        <message>
            <source>Module</source>
            <translation>模块</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>In</source>
            <translation>输入</translation>
        </message>
        <message>
            <source>Out</source>
            <translation>输出</translation>
        </message>
        <message>
            <source>LoRA rank</source>
            <translation>LoRA 秩</translation>
        </message>
        <message>
            <source>Attention</source>
            <translation>注意力</translation>
        </message>
        <message>
            <source>MLP</source>
            <translation>MLP</translation>
        </message>
        <message>
            <source>Shared expert</source>
            <translation>共享专家</translation>
        </message>
        <message>
            <source>Routed expert</source>
            <translation>路由专家</translation>
        </message>
        <message>
            <source>Router</source>
            <translation>路由器</translation>
        </message>
        <message>
            <source>The model cannot be read: %1</source>
            <translation>无法读取模型：%1</translation>
        </message>
        <message>
            <source>Targets: %1</source>
            <translation>目标：%1</translation>
        </message>
        <message>
            <source>&lt;b&gt;Full fine-tuning:&lt;/b&gt; every weight is trained (%1 parameters).</source>
            <translation>&lt;b&gt;全量微调：&lt;/b&gt;训练每一个权重（%1 个参数）。</translation>
        </message>
        <message>
            <source>%1 %2/%3</source>
            <translation>%1 %2/%3</translation>
        </message>
        <message>
            <source>&lt;b&gt;Adapter applied to %1 of %2 Linear modules&lt;/b&gt; (%3) · %4 trainable parameters</source>
            <translation>&lt;b&gt;适配器应用于 %2 个线性模块中的 %1 个&lt;/b&gt;（%3）· %4 个可训练参数</translation>
        </message>
        <message>
            <source>experts adapted %1/%2</source>
            <translation>已适配专家 %1/%2</translation>
        </message>
        <message>
            <source>%1 — the routed experts left out learn nothing from this run.</source>
            <translation>%1 — 未包含的路由专家不会从本次运行中学到任何东西。</translation>
        </message>
        <message>
            <source>No module is adapted: the patterns match nothing in this model.</source>
            <translation>没有模块被适配：这些模式在该模型中什么也没有匹配到。</translation>
        </message>
        <message>
            <source>Patterns that match no module: %1</source>
            <translation>没有匹配到任何模块的模式：%1</translation>
        </message>
        <message>
            <source>Memory estimate: %1</source>
            <translation>内存估计：%1</translation>
        </message>
        <message>
            <source>Memory: about %1 (weights %2, trainable state %3, activations %4, workspace %5)</source>
            <translation>内存：约 %1（权重 %2，可训练状态 %3，激活 %4，工作区 %5）</translation>
        </message>
        <message>
            <source> · %1 available</source>
            <translation> · 可用 %1</translation>
        </message>
        <message>
            <source> — does not fit: lower the batch or sequence length, or turn on gradient checkpointing</source>
            <translation> — 放不下：请减小批大小或序列长度，或打开梯度检查点</translation>
        </message>
        <message>
            <source>Data: choose a data file (JSONL or plain text)</source>
            <translation>数据：请选择数据文件（JSONL 或纯文本）</translation>
        </message>
        <message>
            <source>Data: %1</source>
            <translation>数据：%1</translation>
        </message>
        <message>
            <source>Data: %1 examples → %2 training rows and %3 eval rows of %4 tokens (%5 scored tokens in training; %6 template)</source>
            <translation>数据：%1 个样本 → %2 个训练行和 %3 个验证行，每行 %4 个词元（训练中计分的词元 %5 个；%6 模板）</translation>
        </message>
        <message numerus="yes">
            <source> · %n row(s) dropped: truncation cut their whole response</source>
            <translation>
                <numerusform> · %n 行被丢弃：截断切掉了它们的全部回复</numerusform>
            </translation>
        </message>
        <message>
            <source>Eval row %1</source>
            <translation>验证行 %1</translation>
        </message>
        <message>
            <source>Training row %1</source>
            <translation>训练行 %1</translation>
        </message>
        <message>
            <source>%1 tokens, %2 scored</source>
            <translation>%1 个词元，%2 个计分</translation>
        </message>
        <message>
            <source>Step %1/%2</source>
            <translation>第 %1/%2 步</translation>
        </message>
        <message>
            <source>loss %1</source>
            <translation>损失 %1</translation>
        </message>
        <message>
            <source>eval %1</source>
            <translation>验证 %1</translation>
        </message>
        <message>
            <source>lr %1</source>
            <translation>学习率 %1</translation>
        </message>
        <message>
            <source>grad %1</source>
            <translation>梯度 %1</translation>
        </message>
        <message>
            <source>%1 tokens/s</source>
            <translation>%1 词元/秒</translation>
        </message>
        <message>
            <source>about %1 left</source>
            <translation>约剩 %1</translation>
        </message>
        <message>
            <source>global norm</source>
            <translation>全局范数</translation>
        </message>
        <message>
            <source>layer %1</source>
            <translation>第 %1 层</translation>
        </message>
        <message>
            <source>exploding</source>
            <translation>爆炸</translation>
        </message>
        <message>
            <source>vanishing</source>
            <translation>消失</translation>
        </message>
        <message>
            <source>Step %1, %2: %3 (%4)</source>
            <translation>第 %1 步，%2：%3（%4）</translation>
        </message>
        <message>
            <source> against a median of %1</source>
            <translation>，中位数为 %1</translation>
        </message>
        <message>
            <source>Gradients: no vanishing or exploding gradient so far.</source>
            <translation>梯度：目前没有消失或爆炸的梯度。</translation>
        </message>
        <message>
            <source>Gradients: %1 exploding, %2 vanishing.</source>
            <translation>梯度：%1 次爆炸，%2 次消失。</translation>
        </message>
        <message>
            <source>Latest: %1</source>
            <translation>最新：%1</translation>
        </message>
        <message>
            <source>Adapter saved to %1.</source>
            <translation>适配器已保存到 %1。</translation>
        </message>
        <message>
            <source>Model saved to %1.</source>
            <translation>模型已保存到 %1。</translation>
        </message>
        <message numerus="yes">
            <source>%n step(s), final loss %1.</source>
            <translation>
                <numerusform>%n 步，最终损失 %1。</numerusform>
            </translation>
        </message>
        <message>
            <source>Eval loss %1 → %2.</source>
            <translation>验证损失 %1 → %2。</translation>
        </message>
        <message>
            <source>Recorded as run %1.</source>
            <translation>已记录为运行 %1。</translation>
        </message>
        <message>
            <source>Not recorded: %1</source>
            <translation>未记录：%1</translation>
        </message>
    </context>
    <context>
        <name>Format</name>
        <message>
            <source>%1 ms</source>
            <translation>%1 毫秒</translation>
        </message>
        <message>
            <source>%1 s</source>
            <translation>%1 秒</translation>
        </message>
        <message>
            <source>%1 min %2 s</source>
            <translation>%1 分 %2 秒</translation>
        </message>
        <message>
            <source>%1 h %2 min</source>
            <translation>%1 小时 %2 分</translation>
        </message>
        <message>
            <source>%1 µs</source>
            <translation>%1 微秒</translation>
        </message>
    </context>
    <context>
        <name>HeatmapView</name>
        <message>
            <source>value</source>
            <translation>值</translation>
        </message>
        <message>
            <source>Reset zoom</source>
            <translation>重置缩放</translation>
        </message>
    </context>
    <context>
        <name>InspectCharts</name>
        <message>
            <source>none</source>
            <translation>无</translation>
        </message>
        <message>
            <source>Entropy</source>
            <translation>熵</translation>
        </message>
        <message>
            <source>Max logit</source>
            <translation>最大 logit</translation>
        </message>
        <message>
            <source>Previous-token score</source>
            <translation>前一词元得分</translation>
        </message>
        <message>
            <source>Mean attention distance</source>
            <translation>平均注意力距离</translation>
        </message>
        <message>
            <source>Attention to the first token</source>
            <translation>对首个词元的注意力</translation>
        </message>
        <message>
            <source>Strongest sink</source>
            <translation>最强汇点</translation>
        </message>
        <message>
            <source>Position share (MLA)</source>
            <translation>位置占比（MLA）</translation>
        </message>
        <message>
            <source>Mean over query rows of −Σ p·ln p (nats): low for focused heads, high for diffuse ones.</source>
            <translation>各查询行 −Σ p·ln p 的平均值（奈特）：专注的头低，分散的头高。</translation>
        </message>
        <message>
            <source>The largest scaled score q·k of any row.</source>
            <translation>任一行中最大的缩放得分 q·k。</translation>
        </message>
        <message>
            <source>Mean probability on the previous token.</source>
            <translation>落在前一个词元上的平均概率。</translation>
        </message>
        <message>
            <source>Mean over rows of Σ p·(query − key), in tokens.</source>
            <translation>各行 Σ p·(查询 − 键) 的平均值，以词元计。</translation>
        </message>
        <message>
            <source>Mean probability on the first token.</source>
            <translation>落在第一个词元上的平均概率。</translation>
        </message>
        <message>
            <source>Share of all attention received by the most-attended key.</source>
            <translation>最受关注的键所获得的注意力占全部注意力的比例。</translation>
        </message>
        <message>
            <source>How much of each score&apos;s spread comes from the rotary part q_rope·k_rope rather than the content part.</source>
            <translation>每个得分的离散程度中有多少来自旋转部分 q_rope·k_rope，而非内容部分。</translation>
        </message>
        <message>
            <source>Layer %1 · head %2</source>
            <translation>第 %1 层 · 第 %2 个头</translation>
        </message>
        <message>
            <source>query</source>
            <translation>查询</translation>
        </message>
        <message>
            <source>key</source>
            <translation>键</translation>
        </message>
        <message>
            <source>probability</source>
            <translation>概率</translation>
        </message>
        <message>
            <source>query %1 → key %2</source>
            <translation>查询 %1 → 键 %2</translation>
        </message>
        <message>
            <source>masked (a query sees only earlier keys)</source>
            <translation>已屏蔽（查询只能看到更早的键）</translation>
        </message>
        <message>
            <source>probability %1</source>
            <translation>概率 %1</translation>
        </message>
        <message>
            <source>score %1 = position %2 + content %3</source>
            <translation>得分 %1 = 位置 %2 + 内容 %3</translation>
        </message>
        <message>
            <source>score %1</source>
            <translation>得分 %1</translation>
        </message>
        <message>
            <source>head %1</source>
            <translation>第 %1 个头</translation>
        </message>
        <message>
            <source>Layer %1 · head %2 (%3 per tile of %4 tokens)</source>
            <translation>第 %1 层 · 第 %2 个头（每块 %4 个词元的%3）</translation>
        </message>
        <message>
            <source>mean</source>
            <translation>平均值</translation>
        </message>
        <message>
            <source>max</source>
            <translation>最大值</translation>
        </message>
        <message>
            <source>query tile</source>
            <translation>查询块</translation>
        </message>
        <message>
            <source>key tile</source>
            <translation>键块</translation>
        </message>
        <message>
            <source>mean probability</source>
            <translation>平均概率</translation>
        </message>
        <message>
            <source>max probability</source>
            <translation>最大概率</translation>
        </message>
        <message>
            <source>query %1 → key %2
probability %3</source>
            <translation>查询 %1 → 键 %2
概率 %3</translation>
        </message>
        <message>
            <source>queries %1–%2 × keys %3–%4
max %5, mean %6</source>
            <translation>查询 %1–%2 × 键 %3–%4
最大 %5，平均 %6</translation>
        </message>
        <message>
            <source>layer</source>
            <translation>层</translation>
        </message>
        <message>
            <source>head</source>
            <translation>头</translation>
        </message>
        <message>
            <source>layer %1 · head %2 (click to open)</source>
            <translation>第 %1 层 · 第 %2 个头（点击打开）</translation>
        </message>
        <message>
            <source>(key %1)</source>
            <translation>（键 %1）</translation>
        </message>
        <message>
            <source>attention-weighted score: position %1 + content %2</source>
            <translation>注意力加权得分：位置 %1 + 内容 %2</translation>
        </message>
        <message>
            <source>Top-1 expert per token and layer</source>
            <translation>每个词元每层的首选专家</translation>
        </message>
        <message>
            <source>token</source>
            <translation>词元</translation>
        </message>
        <message>
            <source>expert</source>
            <translation>专家</translation>
        </message>
        <message>
            <source>token %1 · layer %2</source>
            <translation>词元 %1 · 第 %2 层</translation>
        </message>
        <message>
            <source>dense layer (no routing)</source>
            <translation>稠密层（无路由）</translation>
        </message>
        <message>
            <source>e%1 %2</source>
            <translation>e%1 %2</translation>
        </message>
        <message>
            <source>experts (weight): %1</source>
            <translation>专家（权重）：%1</translation>
        </message>
        <message numerus="yes">
            <source>+ %n shared expert(s), always active</source>
            <translation>
                <numerusform>+ %n 个共享专家，始终激活</numerusform>
            </translation>
        </message>
        <message>
            <source>L%1 dense</source>
            <translation>L%1 稠密</translation>
        </message>
        <message>
            <source>Expert load (S = shared)</source>
            <translation>专家负载（S = 共享）</translation>
        </message>
        <message>
            <source>share of tokens</source>
            <translation>词元占比</translation>
        </message>
        <message>
            <source>layer %1 is dense (no routing)</source>
            <translation>第 %1 层为稠密层（无路由）</translation>
        </message>
        <message>
            <source>layer %1 · shared expert %2: every token (always active)</source>
            <translation>第 %1 层 · 共享专家 %2：所有词元（始终激活）</translation>
        </message>
        <message>
            <source>layer %1 · expert %2
%3 of %4 tokens (%5), weight mass %6
layer: entropy %7 nats, balance %8</source>
            <translation>第 %1 层 · 专家 %2
%4 个词元中的 %3 个（%5），权重总量 %6
该层：熵 %7 奈特，均衡度 %8</translation>
        </message>
        <message>
            <source>Co-activation, layer %1</source>
            <translation>共同激活，第 %1 层</translation>
        </message>
        <message numerus="yes">
            <source>%1 tokens in %n document(s); %2 routed experts, %3 per token, %4 shared (always active); scoring %5</source>
            <translation>
                <numerusform>%n 个文档中共 %1 个词元；%2 个路由专家，每个词元 %3 个，%4 个共享专家（始终激活）；打分方式 %5</numerusform>
            </translation>
        </message>
        <message>
            <source>layer %1: entropy %2 nats, balance %3, never hit: %4</source>
            <translation>第 %1 层：熵 %2 奈特，均衡度 %3，从未命中：%4</translation>
        </message>
        <message>
            <source>JS divergence per head</source>
            <translation>每个头的 JS 散度</translation>
        </message>
        <message>
            <source>JS (bits)</source>
            <translation>JS（比特）</translation>
        </message>
        <message>
            <source>B − A: layer %1 · head %2</source>
            <translation>B − A：第 %1 层 · 第 %2 个头</translation>
        </message>
        <message>
            <source>probability B − A</source>
            <translation>概率 B − A</translation>
        </message>
        <message>
            <source>query %1 → key %2
masked</source>
            <translation>查询 %1 → 键 %2
已屏蔽</translation>
        </message>
        <message>
            <source>query %1 → key %2
A %3, B %4, B − A %5</source>
            <translation>查询 %1 → 键 %2
A %3，B %4，B − A %5</translation>
        </message>
        <message>
            <source>Expert-set agreement A↔B (Jaccard)</source>
            <translation>A↔B 专家集合一致度（Jaccard）</translation>
        </message>
        <message>
            <source>Jaccard</source>
            <translation>Jaccard</translation>
        </message>
        <message>
            <source>Load shift B − A (share of tokens)</source>
            <translation>负载变化 B − A（词元占比）</translation>
        </message>
        <message>
            <source>share B − A</source>
            <translation>占比 B − A</translation>
        </message>
        <message>
            <source>Co-activation change, layer %1 (B − A)</source>
            <translation>共同激活变化，第 %1 层（B − A）</translation>
        </message>
        <message>
            <source>A: %1 tokens · B: %2 tokens</source>
            <translation>A：%1 个词元 · B：%2 个词元</translation>
        </message>
        <message>
            <source>Tokens routed differently in at least one MoE layer: %1</source>
            <translation>至少在一个 MoE 层中路由不同的词元：%1</translation>
        </message>
        <message>
            <source>Per-token agreement unavailable: %1</source>
            <translation>无法计算逐词元一致度：%1</translation>
        </message>
        <message>
            <source>layer %1: Jaccard %2, changed %3, entropy A %4 / B %5, never hit in A: %6, in B: %7</source>
            <translation>第 %1 层：Jaccard %2，变化 %3，熵 A %4 / B %5，A 中从未命中：%6，B 中：%7</translation>
        </message>
        <message>
            <source>digits</source>
            <translation>数字</translation>
        </message>
        <message>
            <source>operators</source>
            <translation>运算符</translation>
        </message>
        <message>
            <source>words</source>
            <translation>单词</translation>
        </message>
        <message>
            <source>spaces/punctuation</source>
            <translation>空白/标点</translation>
        </message>
        <message>
            <source>code</source>
            <translation>代码</translation>
        </message>
        <message>
            <source>special</source>
            <translation>特殊词元</translation>
        </message>
        <message>
            <source>Token kinds need the per-token routing and the model&apos;s tokenizer (run a prompt or a data set)</source>
            <translation>词元类型需要逐词元路由和模型的分词器（运行提示词或数据集）</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation>%1（%2）</translation>
        </message>
        <message>
            <source>Which experts take which tokens, layer %1: I(kind; expert) = %2 of %3 bits</source>
            <translation>各专家接收哪些词元，第 %1 层：I(类型; 专家) = %2 / %3 比特</translation>
        </message>
        <message>
            <source>token kind (tokens)</source>
            <translation>词元类型（词元数）</translation>
        </message>
        <message>
            <source>share of the kind&apos;s tokens</source>
            <translation>占该类型词元的比例</translation>
        </message>
        <message>
            <source>Layer %1, %2: %3 of %4 tokens chose expert %5 (%6)</source>
            <translation>第 %1 层，%2：%4 个词元中有 %3 个选择了专家 %5（%6）</translation>
        </message>
        <message>
            <source>How much the chosen experts tell about the kind of token: I(kind; expert), bits (at most H(kind)); then the expert each kind uses most and its share of that kind&apos;s tokens.</source>
            <translation>所选专家包含多少关于词元类型的信息：I(类型; 专家)，单位比特（至多 H(类型)）；其后是每种类型最常用的专家及其占该类型词元的比例。</translation>
        </message>
        <message>
            <source>%1 → e%2 (%3)</source>
            <translation>%1 → e%2（%3）</translation>
        </message>
        <message>
            <source>layer %1: I = %2 of %3 bits; %4</source>
            <translation>第 %1 层：I = %2 / %3 比特；%4</translation>
        </message>
    </context>
    <context>
        <name>InspectController</name>
        <message>
            <source>reading the prompt</source>
            <translation>读取提示</translation>
        </message>
        <message>
            <source>routing</source>
            <translation>路由</translation>
        </message>
        <message>
            <source>comparing</source>
            <translation>对比</translation>
        </message>
        <message>
            <source>opening the model</source>
            <translation>打开模型</translation>
        </message>
        <message>
            <source>%1: %2 of %3 %4</source>
            <translation>%1：%2 / %3 %4</translation>
        </message>
        <message numerus="yes">
            <source>Attention of %n token(s), %1 layers × %2 heads</source>
            <translation>
                <numerusform>%n 个词元的注意力，%1 层 × %2 个头</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Routing of %n token(s)</source>
            <translation>
                <numerusform>%n 个词元的路由</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Attention of A and B compared on %n token(s)</source>
            <translation>
                <numerusform>已在 %n 个词元上对比 A 与 B 的注意力</numerusform>
            </translation>
        </message>
        <message>
            <source>Routing compared: %1% of the tokens routed differently</source>
            <translation>已对比路由：%1% 的词元路由不同</translation>
        </message>
        <message>
            <source>Routing compared (aggregates only: %1)</source>
            <translation>已对比路由（仅汇总：%1）</translation>
        </message>
        <message numerus="yes">
            <source>Stored routing run %1: %n token(s)</source>
            <translation>
                <numerusform>已保存路由运行 %1：%n 个词元</numerusform>
            </translation>
        </message>
        <message>
            <source>Stored run %1 (%2 tokens in %3 documents). Show it, or select two runs to compare.</source>
            <translation>已保存运行 %1（%3 个文档中共 %2 个词元）。可以显示它，或选择两次运行进行对比。</translation>
        </message>
        <message>
            <source>Exported to %1</source>
            <translation>已导出到 %1</translation>
        </message>
        <message>
            <source>Export the routing run</source>
            <translation>导出路由运行</translation>
        </message>
        <message>
            <source>JSON (*.json);;CSV (*.csv)</source>
            <translation>JSON (*.json);;CSV (*.csv)</translation>
        </message>
        <message>
            <source>A text or JSONL data set</source>
            <translation>文本或 JSONL 数据集</translation>
        </message>
        <message>
            <source>Text or JSONL (*.txt *.md *.raw *.jsonl *.ndjson);;All files (*)</source>
            <translation>文本或 JSONL (*.txt *.md *.raw *.jsonl *.ndjson);;所有文件 (*)</translation>
        </message>
        <message>
            <source>A job is already running; cancel it or wait for it to finish.</source>
            <translation>已有任务在运行；请取消或等待其完成。</translation>
        </message>
        <message>
            <source>Choose a model to inspect (open one in Models, or browse to a folder).</source>
            <translation>选择要检视的模型（在“模型”中打开一个，或浏览到一个文件夹）。</translation>
        </message>
        <message>
            <source>Choose a model to compare with.</source>
            <translation>选择要对比的模型。</translation>
        </message>
        <message>
            <source>Type a prompt, or read one from a text file.</source>
            <translation>输入提示，或从文本文件读取。</translation>
        </message>
        <message>
            <source>Cancelled.</source>
            <translation>已取消。</translation>
        </message>
        <message>
            <source>Inspect attention: %1</source>
            <translation>检视注意力：%1</translation>
        </message>
        <message>
            <source>Inspect routing: %1</source>
            <translation>检视路由：%1</translation>
        </message>
        <message>
            <source>Compare attention: %1 vs %2</source>
            <translation>对比注意力：%1 与 %2</translation>
        </message>
        <message>
            <source>Compare routing: %1 vs %2</source>
            <translation>对比路由：%1 与 %2</translation>
        </message>
        <message>
            <source>Choose a text or JSONL file for the data-set run.</source>
            <translation>为数据集运行选择一个文本或 JSONL 文件。</translation>
        </message>
        <message>
            <source>The results database is not open, so a data-set run cannot be stored.</source>
            <translation>结果数据库未打开，无法保存数据集运行。</translation>
        </message>
        <message>
            <source>Routing over %1: %2</source>
            <translation>%1 上的路由：%2</translation>
        </message>
        <message>
            <source>Show routing run %1</source>
            <translation>显示路由运行 %1</translation>
        </message>
        <message>
            <source>Compare routing runs %1 and %2</source>
            <translation>对比路由运行 %1 与 %2</translation>
        </message>
        <message>
            <source>Export routing run %1</source>
            <translation>导出路由运行 %1</translation>
        </message>
        <message>
            <source>Save the chart</source>
            <translation>保存图表</translation>
        </message>
        <message>
            <source>PNG image (*.png);;SVG drawing (*.svg)</source>
            <translation>PNG 图像 (*.png);;SVG 矢量图 (*.svg)</translation>
        </message>
        <message>
            <source>Export failed</source>
            <translation>导出失败</translation>
        </message>
        <message>
            <source>Save the chart&apos;s data</source>
            <translation>保存图表数据</translation>
        </message>
        <message>
            <source>CSV (*.csv);;JSON (*.json)</source>
            <translation>CSV (*.csv);;JSON (*.json)</translation>
        </message>
        <message>
            <source>Chart saved to %1</source>
            <translation>图表已保存到 %1</translation>
        </message>
        <message>
            <source>Data saved to %1</source>
            <translation>数据已保存到 %1</translation>
        </message>
        <message>
            <source>Inspect view</source>
            <translation>检视视图</translation>
        </message>
        <message>
            <source>Inspect · %1 · prompt: “%2”</source>
            <translation>检视 · %1 · 提示：“%2”</translation>
        </message>
        <message numerus="yes">
            <source>%n view(s) added to the next benchmark report</source>
            <translation>
                <numerusform>已有 %n 个视图加入下一份基准测试报告</numerusform>
            </translation>
        </message>
        <message>
            <source>Read the prompt from a text file</source>
            <translation>从文本文件读取提示</translation>
        </message>
        <message>
            <source>Text files (*.txt *.md *.raw);;All files (*)</source>
            <translation>文本文件 (*.txt *.md *.raw);;所有文件 (*)</translation>
        </message>
        <message>
            <source>%1: cannot open: %2</source>
            <translation>%1：无法打开：%2</translation>
        </message>
        <message>
            <source>%1 is larger than 4 MiB; use the Data set tab for whole data sets.</source>
            <translation>%1 大于 4 MiB；整个数据集请使用“数据集”标签页。</translation>
        </message>
        <message>
            <source>Prompt read from %1</source>
            <translation>已从 %1 读取提示</translation>
        </message>
        <message>
            <source>The model to compare with</source>
            <translation>要对比的模型</translation>
        </message>
        <message>
            <source>The model to inspect</source>
            <translation>要检视的模型</translation>
        </message>
        <message>
            <source>%1 + %2</source>
            <translation>%1 + %2</translation>
        </message>
        <message>
            <source>A PEFT adapter folder (adapter_config.json, adapter_model.safetensors)</source>
            <translation>PEFT 适配器文件夹（adapter_config.json、adapter_model.safetensors）</translation>
        </message>
    </context>
    <context>
        <name>InspectPage</name>
        <message>
            <source>Inspect</source>
            <translation>检视</translation>
        </message>
        <message>
            <source>What a model attends to and where its MoE layers send each token — and how two versions differ</source>
            <translation>模型关注什么、MoE 层把每个词元送往何处——以及两个版本有何不同</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <source>Compare with</source>
            <translation>对比对象</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <source>Text file…</source>
            <translation>文本文件…</translation>
        </message>
        <message>
            <source>Run</source>
            <translation>运行</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>A prompt to inspect (or read one from a text file)</source>
            <translation>要检视的提示（或从文本文件读取）</translation>
        </message>
        <message>
            <source>— none —</source>
            <translation>— 无 —</translation>
        </message>
        <message>
            <source>Attention</source>
            <translation>注意力</translation>
        </message>
        <message>
            <source>Routing</source>
            <translation>路由</translation>
        </message>
        <message>
            <source>Compare</source>
            <translation>对比</translation>
        </message>
        <message>
            <source>Data set</source>
            <translation>数据集</translation>
        </message>
        <message>
            <source>Runs the current tab&apos;s view: attention, routing, or the comparison with the second model</source>
            <translation>运行当前标签页的视图：注意力、路由，或与第二个模型的对比</translation>
        </message>
        <message>
            <source>Attach a PEFT adapter…</source>
            <translation>附加 PEFT 适配器…</translation>
        </message>
        <message>
            <source>No adapter</source>
            <translation>不用适配器</translation>
        </message>
        <message>
            <source>Adapter…</source>
            <translation>适配器…</translation>
        </message>
        <message>
            <source>Attach a PEFT LoRA adapter folder to this model: attention and routing are then the adapted model&apos;s</source>
            <translation>为此模型附加 PEFT LoRA 适配器文件夹：注意力和路由随之为附加适配器后的模型的结果</translation>
        </message>
        <message>
            <source>+ %1</source>
            <translation>+ %1</translation>
        </message>
        <message>
            <source>Adapter attached: %1</source>
            <translation>已附加适配器：%1</translation>
        </message>
        <message>
            <source>with adapter %1</source>
            <translation>附加适配器 %1</translation>
        </message>
    </context>
    <context>
        <name>InspectWorker</name>
        <message>
            <source>Choose a model to inspect.</source>
            <translation>选择要检视的模型。</translation>
        </message>
        <message>
            <source>%1 has no tokenizer, so it cannot take a text prompt: %2</source>
            <translation>%1 没有分词器，无法接受文本提示：%2</translation>
        </message>
        <message>
            <source>Cancelled before it started.</source>
            <translation>开始前已取消。</translation>
        </message>
        <message>
            <source>%1 + adapter %2</source>
            <translation>%1 + 适配器 %2</translation>
        </message>
    </context>
    <context>
        <name>JobRunner</name>
        <message>
            <source>Cancelled before it started.</source>
            <translation>尚未开始即已取消。</translation>
        </message>
        <message numerus="yes">
            <source>CPU (%n hardware threads)</source>
            <translation>
                <numerusform>CPU（%n 个硬件线程）</numerusform>
            </translation>
        </message>
        <message>
            <source>This build has no CUDA support.</source>
            <translation>此版本未包含 CUDA 支持。</translation>
        </message>
        <message>
            <source>No CUDA device found.</source>
            <translation>未找到 CUDA 设备。</translation>
        </message>
    </context>
    <context>
        <name>JobTableModel</name>
        <message>
            <source>Queued</source>
            <translation>排队中</translation>
        </message>
        <message>
            <source>Running</source>
            <translation>运行中</translation>
        </message>
        <message>
            <source>Succeeded</source>
            <translation>已完成</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>失败</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>已取消</translation>
        </message>
        <message>
            <source>Load</source>
            <translation>加载</translation>
        </message>
        <message>
            <source>Hash</source>
            <translation>哈希</translation>
        </message>
        <message>
            <source>Generate</source>
            <translation>生成</translation>
        </message>
        <message>
            <source>Benchmark</source>
            <translation>基准测试</translation>
        </message>
        <message>
            <source>Perplexity</source>
            <translation>困惑度</translation>
        </message>
        <message>
            <source>Job</source>
            <translation>任务</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Progress</source>
            <translation>进度</translation>
        </message>
        <message>
            <source>ETA</source>
            <translation>剩余时间</translation>
        </message>
        <message>
            <source>Started</source>
            <translation>开始时间</translation>
        </message>
        <message>
            <source>Duration</source>
            <translation>耗时</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>结果</translation>
        </message>
    </context>
    <context>
        <name>JobsController</name>
        <message>
            <source>Opening</source>
            <translation>正在打开</translation>
        </message>
        <message>
            <source>Preparing weights</source>
            <translation>正在准备权重</translation>
        </message>
        <message>
            <source>Hashing</source>
            <translation>正在计算哈希</translation>
        </message>
        <message>
            <source>Reading the prompt</source>
            <translation>正在读取提示词</translation>
        </message>
        <message>
            <source>Generating</source>
            <translation>正在生成</translation>
        </message>
        <message>
            <source>%1 · %2 of %3</source>
            <translation>%1 · %2 / %3</translation>
        </message>
        <message>
            <source>%1 · %2 of %3 tokens</source>
            <translation>%1 · %2 / %3 个词元</translation>
        </message>
        <message>
            <source>%1 · step %2 of %3</source>
            <translation>%1 · 第 %2 步，共 %3 步</translation>
        </message>
        <message numerus="yes">
            <source> (+%n more)</source>
            <translation>
                <numerusform>（另有 %n 个）</numerusform>
            </translation>
        </message>
        <message>
            <source>No jobs running</source>
            <translation>没有正在运行的任务</translation>
        </message>
        <message>
            <source>Select a job to see its details.</source>
            <translation>选择一个任务以查看详情。</translation>
        </message>
        <message>
            <source>Model: %1</source>
            <translation>模型：%1</translation>
        </message>
        <message>
            <source>History database: %1</source>
            <translation>历史数据库：%1</translation>
        </message>
        <message numerus="yes">
            <source>%n interrupted job(s) marked as failed</source>
            <translation>
                <numerusform>%n 个中断的任务已标记为失败</numerusform>
            </translation>
        </message>
        <message>
            <source>History is unavailable: %1</source>
            <translation>历史记录不可用：%1</translation>
        </message>
        <message>
            <source>Benchmarking</source>
            <translation>正在进行基准测试</translation>
        </message>
        <message>
            <source>Measuring perplexity</source>
            <translation>正在测量困惑度</translation>
        </message>
        <message>
            <source>Sampling</source>
            <translation>正在采样</translation>
        </message>
        <message>
            <source>%1 · repetition %2 of %3</source>
            <translation>%1 · 第 %2 次重复，共 %3 次</translation>
        </message>
        <message>
            <source>Load %1</source>
            <translation>加载 %1</translation>
        </message>
        <message>
            <source>SHA-256 of %1</source>
            <translation>%1 的 SHA-256</translation>
        </message>
        <message>
            <source>Generate with %1</source>
            <translation>使用 %1 生成</translation>
        </message>
        <message>
            <source>Benchmark (%1) of %2</source>
            <translation>%2 的基准测试（%1）</translation>
        </message>
        <message>
            <source>Load %1 + adapter %2</source>
            <translation>加载 %1 + 适配器 %2</translation>
        </message>
        <message>
            <source>Serve %1</source>
            <translation>服务 %1</translation>
        </message>
        <message>
            <source>Quantize %1 (%2)</source>
            <translation>量化 %1（%2）</translation>
        </message>
    </context>
    <context>
        <name>JobsPage</name>
        <message>
            <source>Jobs</source>
            <translation>任务</translation>
        </message>
        <message>
            <source>Running and queued work, and the history shared with dsw-cli.</source>
            <translation>正在运行和排队的工作，以及与 dsw-cli 共享的历史记录。</translation>
        </message>
        <message>
            <source>Cancel job</source>
            <translation>取消任务</translation>
        </message>
        <message>
            <source>Stop the selected job; it ends as cancelled and leaves nothing half-written.</source>
            <translation>停止所选任务；任务将以“已取消”结束，不会留下写了一半的文件。</translation>
        </message>
        <message>
            <source>Refresh history</source>
            <translation>刷新历史</translation>
        </message>
        <message>
            <source>Reload the history from the database (includes runs of dsw-cli).</source>
            <translation>从数据库重新加载历史记录（包括 dsw-cli 的运行）。</translation>
        </message>
    </context>
    <context>
        <name>LogView</name>
        <message>
            <source>Trace</source>
            <translation>跟踪</translation>
        </message>
        <message>
            <source>Debug</source>
            <translation>调试</translation>
        </message>
        <message>
            <source>Info</source>
            <translation>信息</translation>
        </message>
        <message>
            <source>Warning</source>
            <translation>警告</translation>
        </message>
        <message>
            <source>Error</source>
            <translation>错误</translation>
        </message>
        <message>
            <source>Show from level:</source>
            <translation>显示级别：</translation>
        </message>
        <message>
            <source>Clear the log</source>
            <translation>清空日志</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>清空</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>DeepSeek Workbench</source>
            <translation>DeepSeek 工作台</translation>
        </message>
        <message>
            <source>Log</source>
            <translation>日志</translation>
        </message>
        <message>
            <source>Models</source>
            <translation>模型</translation>
        </message>
        <message>
            <source>Playground</source>
            <translation>对话试验场</translation>
        </message>
        <message>
            <source>Jobs</source>
            <translation>任务</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <source>Benchmarks</source>
            <translation>基准测试</translation>
        </message>
        <message>
            <source>Inspect</source>
            <translation>检视</translation>
        </message>
        <message>
            <source>Serve</source>
            <translation>服务</translation>
        </message>
        <message>
            <source>Quantize</source>
            <translation>量化</translation>
        </message>
        <message>
            <source>Fine-tune</source>
            <translation>微调</translation>
        </message>
    </context>
    <context>
        <name>ModelCard</name>
        <message>
            <source>%1 · on %2</source>
            <translation>%1 · 运行于 %2</translation>
        </message>
        <message>
            <source>Untrained demo model (random weights): it has the real architecture, but its text is noise.</source>
            <translation>未训练的演示模型（随机权重）：架构是真实的，但生成的文本只是噪声。</translation>
        </message>
        <message>
            <source>Overview</source>
            <translation>概览</translation>
        </message>
        <message>
            <source>Architecture</source>
            <translation>架构</translation>
        </message>
        <message>
            <source>Format</source>
            <translation>格式</translation>
        </message>
        <message>
            <source>Parameters</source>
            <translation>参数量</translation>
        </message>
        <message>
            <source>%1 total</source>
            <translation>共 %1</translation>
        </message>
        <message>
            <source>Active per token</source>
            <translation>每个词元激活</translation>
        </message>
        <message>
            <source>Layers</source>
            <translation>层数</translation>
        </message>
        <message>
            <source>Hidden size</source>
            <translation>隐藏维度</translation>
        </message>
        <message>
            <source>%1 (feed-forward %2)</source>
            <translation>%1（前馈 %2）</translation>
        </message>
        <message>
            <source>Vocabulary</source>
            <translation>词表</translation>
        </message>
        <message>
            <source>%1 tokens</source>
            <translation>%1 个词元</translation>
        </message>
        <message>
            <source>Context</source>
            <translation>上下文</translation>
        </message>
        <message>
            <source>%1 positions</source>
            <translation>%1 个位置</translation>
        </message>
        <message>
            <source>θ %1</source>
            <translation>θ %1</translation>
        </message>
        <message>
            <source>, %1 scaling ×%2</source>
            <translation>，%1 缩放 ×%2</translation>
        </message>
        <message>
            <source>Rotary embedding</source>
            <translation>旋转位置编码</translation>
        </message>
        <message>
            <source>Attention</source>
            <translation>注意力</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>Multi-head latent attention (MLA)</source>
            <translation>多头潜在注意力（MLA）</translation>
        </message>
        <message>
            <source>Heads</source>
            <translation>注意力头</translation>
        </message>
        <message>
            <source>Query rank</source>
            <translation>查询秩</translation>
        </message>
        <message>
            <source>full (no compression)</source>
            <translation>完整（无压缩）</translation>
        </message>
        <message>
            <source>Key/value rank</source>
            <translation>键/值秩</translation>
        </message>
        <message>
            <source>Head dimensions</source>
            <translation>头维度</translation>
        </message>
        <message>
            <source>q/k %1 + %2 rotary, v %3</source>
            <translation>q/k %1 + %2（旋转），v %3</translation>
        </message>
        <message>
            <source>Grouped-query attention</source>
            <translation>分组查询注意力</translation>
        </message>
        <message>
            <source>Multi-head attention</source>
            <translation>多头注意力</translation>
        </message>
        <message>
            <source>%1 query, %2 key/value</source>
            <translation>%1 个查询头，%2 个键/值头</translation>
        </message>
        <message>
            <source>Head dimension</source>
            <translation>头维度</translation>
        </message>
        <message>
            <source>Experts and routing</source>
            <translation>专家与路由</translation>
        </message>
        <message>
            <source>Routed experts</source>
            <translation>路由专家数</translation>
        </message>
        <message>
            <source>Shared experts</source>
            <translation>共享专家数</translation>
        </message>
        <message>
            <source>Experts per token</source>
            <translation>每个词元的专家数</translation>
        </message>
        <message>
            <source>Expert width</source>
            <translation>专家宽度</translation>
        </message>
        <message>
            <source>Dense layers first</source>
            <translation>前置稠密层</translation>
        </message>
        <message>
            <source>Router</source>
            <translation>路由器</translation>
        </message>
        <message>
            <source>%1 scores, %2 selection</source>
            <translation>%1 打分，%2 选择</translation>
        </message>
        <message>
            <source>Groups</source>
            <translation>分组</translation>
        </message>
        <message>
            <source>%1 groups, best %2 kept</source>
            <translation>%1 组，保留最优 %2 组</translation>
        </message>
        <message>
            <source>Routed scale</source>
            <translation>路由缩放</translation>
        </message>
        <message>
            <source> (weights normalised)</source>
            <translation>（权重已归一化）</translation>
        </message>
        <message>
            <source>Files and types</source>
            <translation>文件与类型</translation>
        </message>
        <message>
            <source>Type %1</source>
            <translation>类型 %1</translation>
        </message>
        <message>
            <source>(unsupported)</source>
            <translation>（不支持）</translation>
        </message>
        <message numerus="yes">
            <source>%n tensor(s), %1</source>
            <translation>
                <numerusform>%n 个张量，%1</numerusform>
            </translation>
        </message>
        <message>
            <source>Size on disk</source>
            <translation>磁盘大小</translation>
        </message>
        <message>
            <source>%1 bytes</source>
            <translation>%1 字节</translation>
        </message>
        <message>
            <source>Weights file</source>
            <translation>权重文件</translation>
        </message>
        <message>
            <source>Tokenizer</source>
            <translation>分词器</translation>
        </message>
        <message>
            <source>none found</source>
            <translation>未找到</translation>
        </message>
        <message>
            <source>failed: %1</source>
            <translation>失败：%1</translation>
        </message>
        <message>
            <source>Chat format</source>
            <translation>对话格式</translation>
        </message>
        <message>
            <source>%1 (from the tokenizer&apos;s template)</source>
            <translation>%1（来自分词器的模板）</translation>
        </message>
        <message>
            <source>%1 (from the architecture)</source>
            <translation>%1（根据架构推定）</translation>
        </message>
        <message>
            <source>Memory</source>
            <translation>内存</translation>
        </message>
        <message>
            <source>needs about %1</source>
            <translation>约需 %1</translation>
        </message>
        <message>
            <source> · %1 free of %2</source>
            <translation> · 可用 %1 / 共 %2</translation>
        </message>
        <message>
            <source> · does not fit</source>
            <translation> · 放不下</translation>
        </message>
        <message>
            <source>CPU</source>
            <translation>CPU</translation>
        </message>
        <message>
            <source>Cache per token</source>
            <translation>每个词元的缓存</translation>
        </message>
        <message>
            <source>Playground context</source>
            <translation>试验场上下文</translation>
        </message>
        <message>
            <source>Integrity</source>
            <translation>完整性</translation>
        </message>
        <message>
            <source>SHA-256</source>
            <translation>SHA-256</translation>
        </message>
        <message>
            <source>not computed yet</source>
            <translation>尚未计算</translation>
        </message>
        <message>
            <source>computing… (see Jobs)</source>
            <translation>计算中…（见“任务”）</translation>
        </message>
        <message numerus="yes">
            <source>CPU · %n thread(s)</source>
            <translation>
                <numerusform>CPU · %n 个线程</numerusform>
            </translation>
        </message>
        <message>
            <source>LoRA adapter</source>
            <translation>LoRA 适配器</translation>
        </message>
        <message>
            <source>Adapter</source>
            <translation>适配器</translation>
        </message>
        <message>
            <source>Adapted</source>
            <translation>已适配</translation>
        </message>
        <message>
            <source>%1 of %2 Linear modules</source>
            <translation>%2 个线性模块中的 %1 个</translation>
        </message>
        <message>
            <source>experts adapted %1/%2</source>
            <translation>已适配专家 %1/%2</translation>
        </message>
        <message>
            <source>Adapter parameters</source>
            <translation>适配器参数</translation>
        </message>
        <message>
            <source>Trained on</source>
            <translation>训练所用基础模型</translation>
        </message>
    </context>
    <context>
        <name>ModelWorker</name>
        <message>
            <source>The model is not loaded.</source>
            <translation>模型尚未加载。</translation>
        </message>
        <message>
            <source>This model has no tokenizer, so it cannot generate text.</source>
            <translation>此模型没有分词器，无法生成文本。</translation>
        </message>
        <message>
            <source>Cancelled before it started.</source>
            <translation>尚未开始即已取消。</translation>
        </message>
    </context>
    <context>
        <name>ModelsController</name>
        <message>
            <source>Open a model folder</source>
            <translation>打开模型文件夹</translation>
        </message>
        <message>
            <source>Open a model file</source>
            <translation>打开模型文件</translation>
        </message>
        <message>
            <source>Models (*.safetensors *.gguf *.bin);;All files (*)</source>
            <translation>模型 (*.safetensors *.gguf *.bin);;所有文件 (*)</translation>
        </message>
        <message>
            <source>%1 parameters on %2</source>
            <translation>%1 参数，运行于 %2</translation>
        </message>
        <message>
            <source>The file is damaged or is not a model the workbench understands.</source>
            <translation>文件已损坏，或不是工作台能识别的模型。</translation>
        </message>
        <message>
            <source>This model uses something the workbench does not support yet.</source>
            <translation>此模型使用了工作台尚不支持的功能。</translation>
        </message>
        <message>
            <source>The model&apos;s files could not be read.</source>
            <translation>无法读取模型文件。</translation>
        </message>
        <message>
            <source>There is not enough memory to load this model.</source>
            <translation>内存不足，无法加载此模型。</translation>
        </message>
        <message>
            <source>The device reported an error.</source>
            <translation>设备报告了错误。</translation>
        </message>
        <message>
            <source>The model could not be opened.</source>
            <translation>无法打开模型。</translation>
        </message>
        <message>
            <source>Could not open the model</source>
            <translation>无法打开模型</translation>
        </message>
        <message>
            <source>CPU</source>
            <translation>CPU</translation>
        </message>
        <message>
            <source>%1 · %2 free</source>
            <translation>%1 · 可用 %2</translation>
        </message>
        <message>
            <source>%1 is not a model file. Open a Hugging Face model folder, or a .safetensors, .gguf or llama2.c .bin file.</source>
            <translation>%1 不是模型文件。请打开 Hugging Face 模型文件夹，或 .safetensors、.gguf 或 llama2.c .bin 文件。</translation>
        </message>
        <message>
            <source>generating text and running a benchmark</source>
            <translation>正在生成文本并运行基准测试</translation>
        </message>
        <message>
            <source>generating text</source>
            <translation>正在生成文本</translation>
        </message>
        <message>
            <source>running a benchmark</source>
            <translation>正在运行基准测试</translation>
        </message>
        <message>
            <source>Close the model?</source>
            <translation>关闭模型？</translation>
        </message>
        <message>
            <source>%1 is %2.</source>
            <translation>%1 %2。</translation>
        </message>
        <message>
            <source>Closing it stops that work; what it produced so far is kept.</source>
            <translation>关闭会停止这项工作；已产生的结果会保留。</translation>
        </message>
        <message>
            <source>Close model</source>
            <translation>关闭模型</translation>
        </message>
        <message>
            <source>Keep it open</source>
            <translation>保持打开</translation>
        </message>
        <message>
            <source>Load a PEFT LoRA adapter onto %1</source>
            <translation>将 PEFT LoRA 适配器加载到 %1 上</translation>
        </message>
    </context>
    <context>
        <name>ModelsPage</name>
        <message>
            <source>Models</source>
            <translation>模型</translation>
        </message>
        <message>
            <source>Open checkpoints, read their card and tensors, and choose where they run.</source>
            <translation>打开检查点，查看模型卡片与张量，并选择运行设备。</translation>
        </message>
        <message>
            <source>Run on</source>
            <translation>运行于</translation>
        </message>
        <message>
            <source>Threads</source>
            <translation>线程</translation>
        </message>
        <message>
            <source>Auto</source>
            <translation>自动</translation>
        </message>
        <message>
            <source>CPU threads for new models; Auto leaves one core to the interface.</source>
            <translation>新打开模型使用的 CPU 线程数；“自动”会为界面保留一个核心。</translation>
        </message>
        <message>
            <source>Open folder…</source>
            <translation>打开文件夹…</translation>
        </message>
        <message>
            <source>Open a Hugging Face model folder (config.json and safetensors).</source>
            <translation>打开 Hugging Face 模型文件夹（config.json 与 safetensors）。</translation>
        </message>
        <message>
            <source>Open file…</source>
            <translation>打开文件…</translation>
        </message>
        <message>
            <source>Open a .safetensors, .gguf or llama2.c .bin file.</source>
            <translation>打开 .safetensors、.gguf 或 llama2.c .bin 文件。</translation>
        </message>
        <message>
            <source>OPEN MODELS</source>
            <translation>已打开的模型</translation>
        </message>
        <message>
            <source>Close model</source>
            <translation>关闭模型</translation>
        </message>
        <message>
            <source>RECENT</source>
            <translation>最近使用</translation>
        </message>
        <message>
            <source>Double-click to open again.</source>
            <translation>双击以再次打开。</translation>
        </message>
        <message>
            <source>No model open</source>
            <translation>尚未打开模型</translation>
        </message>
        <message>
            <source>Model card</source>
            <translation>模型卡片</translation>
        </message>
        <message>
            <source>Tensors</source>
            <translation>张量</translation>
        </message>
        <message>
            <source>Compute SHA-256</source>
            <translation>计算 SHA-256</translation>
        </message>
        <message>
            <source>Hash every weight file as a job you can follow and cancel in Jobs.</source>
            <translation>对每个权重文件计算哈希；可在“任务”中查看进度或取消。</translation>
        </message>
        <message>
            <source>Chat with this model</source>
            <translation>与此模型对话</translation>
        </message>
        <message>
            <source>OPEN A REAL MODEL</source>
            <translation>打开真实模型</translation>
        </message>
        <message>
            <source>This bundled model only demonstrates the workbench. Open a real checkpoint with Open file… (a .safetensors, .gguf or llama2.c .bin file) or Open folder… (a Hugging Face folder with config.json), or drop it anywhere on this window. Several models can be open at once.</source>
            <translation>这个内置模型仅用于演示工作台。请用“打开文件…”（.safetensors、.gguf 或 llama2.c .bin 文件）或“打开文件夹…”（含 config.json 的 Hugging Face 文件夹）打开真实的检查点，或将其拖放到本窗口的任意位置。可以同时打开多个模型。</translation>
        </message>
        <message>
            <source>Drop a model folder, a .safetensors, .gguf or llama2.c .bin file here,
or open one from disk.</source>
            <translation>将模型文件夹或 .safetensors、.gguf、llama2.c .bin 文件拖放到此处，
或从磁盘打开。</translation>
        </message>
        <message>
            <source>Load adapter…</source>
            <translation>加载适配器…</translation>
        </message>
        <message>
            <source>Open a PEFT LoRA adapter folder onto this model, beside it; the card shows which modules it adapts.</source>
            <translation>将 PEFT LoRA 适配器文件夹加载到该模型上，与其并列打开；卡片会显示它适配了哪些模块。</translation>
        </message>
    </context>
    <context>
        <name>PlaygroundController</name>
        <message>
            <source>Export the conversation</source>
            <translation>导出对话</translation>
        </message>
        <message>
            <source>Markdown (*.md);;JSON (*.json)</source>
            <translation>Markdown (*.md);;JSON (*.json)</translation>
        </message>
        <message>
            <source>The model was closed.</source>
            <translation>模型已关闭。</translation>
        </message>
        <message>
            <source>Open a model in Models to start.</source>
            <translation>请先在“模型”中打开一个模型。</translation>
        </message>
        <message>
            <source>This model has no tokenizer, so it cannot generate text.</source>
            <translation>此模型没有分词器，无法生成文本。</translation>
        </message>
        <message>
            <source>%1 is an untrained demo model (random weights): expect noise, not answers — everything else works as with a real model.</source>
            <translation>%1 是未训练的演示模型（随机权重）：输出只是噪声而非回答——其余功能与真实模型完全相同。</translation>
        </message>
        <message numerus="yes">
            <source>%n token(s)</source>
            <translation>
                <numerusform>%n 个词元</numerusform>
            </translation>
        </message>
        <message>
            <source>end of text</source>
            <translation>文本结束</translation>
        </message>
        <message>
            <source>token limit</source>
            <translation>词元上限</translation>
        </message>
        <message>
            <source>full context</source>
            <translation>上下文已满</translation>
        </message>
        <message>
            <source>stop text</source>
            <translation>停止文本</translation>
        </message>
        <message>
            <source>you (stopped)</source>
            <translation>你（已停止）</translation>
        </message>
        <message>
            <source>%1 tokens/s</source>
            <translation>%1 词元/秒</translation>
        </message>
        <message>
            <source>Generation failed: %1</source>
            <translation>生成失败：%1</translation>
        </message>
        <message>
            <source>Prompt</source>
            <translation>提示词</translation>
        </message>
        <message>
            <source>You</source>
            <translation>你</translation>
        </message>
        <message>
            <source>Continuation</source>
            <translation>续写</translation>
        </message>
        <message>
            <source>Assistant</source>
            <translation>助手</translation>
        </message>
        <message>
            <source>System</source>
            <translation>系统</translation>
        </message>
        <message>
            <source>The conversation appears here. Pick a model and type below.</source>
            <translation>对话将显示在这里。选择一个模型，然后在下方输入。</translation>
        </message>
        <message>
            <source>Conversation</source>
            <translation>对话</translation>
        </message>
        <message>
            <source>%1 is generating; Send is available again when it finishes.</source>
            <translation>%1 正在生成；完成后即可再次发送。</translation>
        </message>
    </context>
    <context>
        <name>PlaygroundPage</name>
        <message>
            <source>Playground</source>
            <translation>对话试验场</translation>
        </message>
        <message>
            <source>Chat with a model or let it continue a text, and see what it considered at every token.</source>
            <translation>与模型对话或让它续写文本，并查看它在每个词元上考虑过哪些候选。</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <source>Mode</source>
            <translation>模式</translation>
        </message>
        <message>
            <source>Chat</source>
            <translation>对话</translation>
        </message>
        <message>
            <source>Completion</source>
            <translation>续写</translation>
        </message>
        <message>
            <source>Chat formats the conversation with the model&apos;s chat template; Completion continues your text as is.</source>
            <translation>“对话”使用模型的对话模板组织对话；“续写”按原样接着你的文本写下去。</translation>
        </message>
        <message>
            <source>TOKENS OF THE LAST REPLY — hover a token for its probability and the top 5 alternatives</source>
            <translation>上一条回复的词元 —— 悬停可查看概率与前 5 个候选</translation>
        </message>
        <message>
            <source>Shade by probability</source>
            <translation>按概率着色</translation>
        </message>
        <message>
            <source>Type a message…</source>
            <translation>输入消息…</translation>
        </message>
        <message>
            <source>Send</source>
            <translation>发送</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>停止</translation>
        </message>
        <message>
            <source>Stop generating; the text so far is kept.</source>
            <translation>停止生成；已生成的文本会保留。</translation>
        </message>
        <message>
            <source>Ctrl+Enter sends. Generation runs in the background; the window stays responsive.</source>
            <translation>Ctrl+Enter 发送。生成在后台进行，窗口始终保持响应。</translation>
        </message>
        <message>
            <source>Speed</source>
            <translation>速度</translation>
        </message>
        <message>
            <source>First token</source>
            <translation>首个词元</translation>
        </message>
        <message>
            <source>Prompt</source>
            <translation>提示词</translation>
        </message>
        <message>
            <source>Generated</source>
            <translation>已生成</translation>
        </message>
        <message>
            <source>Stopped by</source>
            <translation>停止原因</translation>
        </message>
        <message>
            <source>tokens</source>
            <translation>词元</translation>
        </message>
        <message>
            <source>Sampling</source>
            <translation>采样</translation>
        </message>
        <message>
            <source>Temperature</source>
            <translation>温度</translation>
        </message>
        <message>
            <source>Top-k</source>
            <translation>Top-k</translation>
        </message>
        <message>
            <source>off</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Top-p</source>
            <translation>Top-p</translation>
        </message>
        <message>
            <source>Min-p</source>
            <translation>Min-p</translation>
        </message>
        <message>
            <source>Repetition penalty</source>
            <translation>重复惩罚</translation>
        </message>
        <message>
            <source>Max new tokens</source>
            <translation>最大新词元数</translation>
        </message>
        <message>
            <source>Seed</source>
            <translation>随机种子</translation>
        </message>
        <message>
            <source>random</source>
            <translation>随机</translation>
        </message>
        <message>
            <source>System prompt</source>
            <translation>系统提示词</translation>
        </message>
        <message>
            <source>Optional instructions for the assistant</source>
            <translation>给助手的可选指令</translation>
        </message>
        <message>
            <source>Conversation</source>
            <translation>对话</translation>
        </message>
        <message>
            <source>Copy</source>
            <translation>复制</translation>
        </message>
        <message>
            <source>Copy the conversation as text</source>
            <translation>以文本形式复制对话</translation>
        </message>
        <message>
            <source>Export…</source>
            <translation>导出…</translation>
        </message>
        <message>
            <source>Save the conversation as JSON or Markdown</source>
            <translation>将对话保存为 JSON 或 Markdown</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>清空</translation>
        </message>
        <message>
            <source>Start a new conversation</source>
            <translation>开始新的对话</translation>
        </message>
        <message>
            <source>Greedy decoding</source>
            <translation>贪心解码</translation>
        </message>
        <message>
            <source>Always take the most likely token; the sampling settings below are then ignored.</source>
            <translation>总是选取概率最高的词元；此时下面的采样设置不起作用。</translation>
        </message>
        <message>
            <source>Show special tokens</source>
            <translation>显示特殊词元</translation>
        </message>
        <message>
            <source>Show raw special tokens such as &lt;|place_holder_no_508|&gt; in the transcript and the token view.</source>
            <translation>在对话记录和词元视图中显示 &lt;|place_holder_no_508|&gt; 之类的原始特殊词元。</translation>
        </message>
        <message>
            <source>tokens per second (decode, averaged since the first token)</source>
            <translation>每秒词元数（解码，自首个词元起的平均值）</translation>
        </message>
        <message>
            <source>tokens/s</source>
            <translation>词元/秒</translation>
        </message>
    </context>
    <context>
        <name>QuantizeController</name>
        <message>
            <source>Calibration text</source>
            <translation>校准文本</translation>
        </message>
        <message>
            <source>Text or JSONL (*.txt *.jsonl *.md);;All files (*)</source>
            <translation>文本或 JSONL (*.txt *.jsonl *.md);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Evaluation text</source>
            <translation>评估文本</translation>
        </message>
        <message>
            <source>Text files (*.txt *.md *.raw);;All files (*)</source>
            <translation>文本文件 (*.txt *.md *.raw);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Output folder</source>
            <translation>输出文件夹</translation>
        </message>
        <message>
            <source>Output file</source>
            <translation>输出文件</translation>
        </message>
        <message>
            <source>GGUF (*.gguf)</source>
            <translation>GGUF (*.gguf)</translation>
        </message>
        <message>
            <source>Quantization report</source>
            <translation>量化报告</translation>
        </message>
        <message>
            <source>Quantization reports (*.quant.json);;JSON (*.json)</source>
            <translation>量化报告 (*.quant.json);;JSON (*.json)</translation>
        </message>
        <message>
            <source>Open the model to quantize in the Models area.</source>
            <translation>请先在“模型”区域打开要量化的模型。</translation>
        </message>
        <message>
            <source>Choose where to write the quantized model.</source>
            <translation>请选择量化模型的写入位置。</translation>
        </message>
        <message>
            <source>The output would replace the original; choose another path.</source>
            <translation>输出会覆盖原模型，请选择其他路径。</translation>
        </message>
        <message>
            <source>GPTQ and AWQ scaling need a calibration text: choose a .txt or .jsonl file.</source>
            <translation>GPTQ 和 AWQ 缩放需要校准文本：请选择 .txt 或 .jsonl 文件。</translation>
        </message>
        <message>
            <source>The evaluation text %1 does not exist.</source>
            <translation>评估文本 %1 不存在。</translation>
        </message>
        <message>
            <source>Waiting to start…</source>
            <translation>等待开始…</translation>
        </message>
        <message>
            <source>Cancelling… the job stops after the Linear it is working on.</source>
            <translation>正在取消…任务会在处理完当前 Linear 后停止。</translation>
        </message>
        <message>
            <source>Opening the model…</source>
            <translation>正在打开模型…</translation>
        </message>
        <message>
            <source>Quantizing</source>
            <translation>正在量化</translation>
        </message>
        <message>
            <source>Layer %1 of %2 quantized</source>
            <translation>已量化第 %1 层，共 %2 层</translation>
        </message>
        <message>
            <source>All layers quantized</source>
            <translation>所有层均已量化</translation>
        </message>
        <message>
            <source>Writing</source>
            <translation>正在写入</translation>
        </message>
        <message>
            <source>Writing %1</source>
            <translation>正在写入 %1</translation>
        </message>
        <message>
            <source>Measuring quality</source>
            <translation>正在测量质量</translation>
        </message>
        <message>
            <source>Measuring quality: window %1 of %2</source>
            <translation>正在测量质量：第 %1 个窗口，共 %2 个</translation>
        </message>
        <message>
            <source>Hashing the written model…</source>
            <translation>正在计算已写入模型的哈希…</translation>
        </message>
        <message>
            <source>The quantization was cancelled; nothing was written.</source>
            <translation>量化已取消，未写入任何文件。</translation>
        </message>
        <message>
            <source>The quantization failed: %1</source>
            <translation>量化失败：%1</translation>
        </message>
        <message>
            <source>Wrote %1</source>
            <translation>已写入 %1</translation>
        </message>
        <message>
            <source>Δppl %1</source>
            <translation>Δppl %1</translation>
        </message>
        <message>
            <source>Wrote %1, but the quality measurement failed: %2</source>
            <translation>已写入 %1，但质量测量失败：%2</translation>
        </message>
        <message>
            <source>Could not read %1: %2</source>
            <translation>无法读取 %1：%2</translation>
        </message>
        <message>
            <source>%1 is not a quantization report: %2</source>
            <translation>%1 不是量化报告：%2</translation>
        </message>
        <message>
            <source>Loaded from a report; run the quality suite in Benchmarks or quantize again with an evaluation text.</source>
            <translation>来自报告文件；请在“基准测试”中运行质量套件，或附带评估文本重新量化。</translation>
        </message>
        <message>
            <source>Showing the report %1</source>
            <translation>正在显示报告 %1</translation>
        </message>
    </context>
    <context>
        <name>QuantizeForm</name>
        <message>
            <source>about %1 left</source>
            <translation>约剩 %1</translation>
        </message>
        <message>
            <source>Quantize a model</source>
            <translation>量化模型</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <source>Method</source>
            <translation>方法</translation>
        </message>
        <message>
            <source>Stored as</source>
            <translation>存储为</translation>
        </message>
        <message>
            <source>Options</source>
            <translation>选项</translation>
        </message>
        <message>
            <source>Calibration</source>
            <translation>校准</translation>
        </message>
        <message>
            <source>Sequences / tokens</source>
            <translation>序列数 / 词元数</translation>
        </message>
        <message>
            <source>Quantize</source>
            <translation>量化</translation>
        </message>
        <message>
            <source>Keep as is</source>
            <translation>保持原样</translation>
        </message>
        <message>
            <source>Output format</source>
            <translation>输出格式</translation>
        </message>
        <message>
            <source>Output</source>
            <translation>输出</translation>
        </message>
        <message>
            <source>Evaluation text</source>
            <translation>评估文本</translation>
        </message>
        <message>
            <source>RTN (round to nearest)</source>
            <translation>RTN（就近取整）</translation>
        </message>
        <message>
            <source>GPTQ (calibrated)</source>
            <translation>GPTQ（需校准）</translation>
        </message>
        <message>
            <source>RTN rounds each group from the weights alone; GPTQ uses the calibration text to push each column&apos;s rounding error onto the columns not yet quantized.</source>
            <translation>RTN 仅根据权重对每组取整；GPTQ 利用校准文本，把每一列的舍入误差转移到尚未量化的列上。</translation>
        </message>
        <message>
            <source>Act-order</source>
            <translation>按激活排序</translation>
        </message>
        <message>
            <source>GPTQ: quantize the columns with the largest activations first</source>
            <translation>GPTQ：先量化激活最大的列</translation>
        </message>
        <message>
            <source>INT4 (Q4_0 blocks)</source>
            <translation>INT4（Q4_0 块）</translation>
        </message>
        <message>
            <source>INT8 (Q8_0 blocks)</source>
            <translation>INT8（Q8_0 块）</translation>
        </message>
        <message>
            <source>Q4_K_M mix (Q4_K, Q6_K)</source>
            <translation>Q4_K_M 混合（Q4_K、Q6_K）</translation>
        </message>
        <message>
            <source>group 32</source>
            <translation>每组 32</translation>
        </message>
        <message>
            <source>group 64</source>
            <translation>每组 64</translation>
        </message>
        <message>
            <source>group 128</source>
            <translation>每组 128</translation>
        </message>
        <message>
            <source>per channel</source>
            <translation>逐通道</translation>
        </message>
        <message>
            <source>Input columns that share one scale</source>
            <translation>共享一个缩放因子的输入列数</translation>
        </message>
        <message>
            <source>Zero point (asymmetric)</source>
            <translation>零点（非对称）</translation>
        </message>
        <message>
            <source>Codes with a zero point per group instead of a symmetric scale (INT4: Q4_1 blocks)</source>
            <translation>每组使用零点编码，而非对称缩放（INT4：Q4_1 块）</translation>
        </message>
        <message>
            <source>AWQ scaling</source>
            <translation>AWQ 缩放</translation>
        </message>
        <message>
            <source>Activation-aware scaling of input channels before rounding (needs calibration text)</source>
            <translation>取整前按激活对输入通道缩放（需要校准文本）</translation>
        </message>
        <message>
            <source>Activation-aware scaling is not available in this build</source>
            <translation>此版本不支持激活感知缩放</translation>
        </message>
        <message>
            <source>a .txt or .jsonl file (GPTQ needs one)</source>
            <translation>.txt 或 .jsonl 文件（GPTQ 必需）</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <source>Calibration sequences</source>
            <translation>校准序列数</translation>
        </message>
        <message>
            <source>Tokens per calibration sequence</source>
            <translation>每个校准序列的词元数</translation>
        </message>
        <message>
            <source>Attention</source>
            <translation>注意力</translation>
        </message>
        <message>
            <source>MLP and experts</source>
            <translation>MLP 与专家</translation>
        </message>
        <message>
            <source>Output head (8-bit)</source>
            <translation>输出头（8 位）</translation>
        </message>
        <message>
            <source>Embedding</source>
            <translation>嵌入层</translation>
        </message>
        <message>
            <source>Attention projections (MLA: q, q_a, q_b, kv_a, kv_b and o)</source>
            <translation>注意力投影（MLA：q、q_a、q_b、kv_a、kv_b 和 o）</translation>
        </message>
        <message>
            <source>Dense MLPs, shared and routed experts. Routers are never quantized.</source>
            <translation>稠密 MLP、共享专家和路由专家。路由器永不量化。</translation>
        </message>
        <message>
            <source>names to keep, comma separated (e.g. layers.0., down_proj)</source>
            <translation>要保留的名称，用逗号分隔（如 layers.0.、down_proj）</translation>
        </message>
        <message>
            <source>GGUF (runs here and in llama.cpp)</source>
            <translation>GGUF（可在本程序和 llama.cpp 中运行）</translation>
        </message>
        <message>
            <source>Safetensors folder (GPTQ layout)</source>
            <translation>Safetensors 文件夹（GPTQ 布局）</translation>
        </message>
        <message>
            <source>where to write the quantized model</source>
            <translation>量化模型的写入位置</translation>
        </message>
        <message>
            <source>a text to measure Δppl, KL and agreement on (optional)</source>
            <translation>用于测量 Δppl、KL 和一致率的文本（可选）</translation>
        </message>
        <message>
            <source>Context of the quality measurement</source>
            <translation>质量测量的上下文长度</translation>
        </message>
        <message>
            <source>Open the result beside the original</source>
            <translation>在原模型旁打开结果</translation>
        </message>
        <message>
            <source>Runs as a job; the report is written beside the output.</source>
            <translation>作为任务运行；报告写在输出文件旁。</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
    </context>
    <context>
        <name>QuantizePage</name>
        <message>
            <source>Quantize</source>
            <translation>量化</translation>
        </message>
        <message>
            <source>Turn a model&apos;s weights into 8- or 4-bit codes (RTN or GPTQ) and see what it cost: size, perplexity, KL divergence, agreement and routing against the original.</source>
            <translation>把模型权重转换为 8 位或 4 位编码（RTN 或 GPTQ），并查看代价：与原模型相比的大小、困惑度、KL 散度、一致率和路由。</translation>
        </message>
    </context>
    <context>
        <name>QuantizeResultView</name>
        <message>
            <source>Layer</source>
            <translation>层</translation>
        </message>
        <message>
            <source>Routed expert</source>
            <translation>路由专家</translation>
        </message>
        <message>
            <source>Report</source>
            <translation>报告</translation>
        </message>
        <message>
            <source>Summary</source>
            <translation>概要</translation>
        </message>
        <message>
            <source>Error per layer</source>
            <translation>逐层误差</translation>
        </message>
        <message>
            <source>Expert coverage</source>
            <translation>专家覆盖</translation>
        </message>
        <message>
            <source>Linears</source>
            <translation>Linear 层</translation>
        </message>
        <message>
            <source>Open beside the original</source>
            <translation>在原模型旁打开</translation>
        </message>
        <message>
            <source>Open the quantized model in the Models area (it can then run in the Playground, Benchmarks and Inspect)</source>
            <translation>在“模型”区域打开量化后的模型（之后可在试验场、基准测试和检查中使用）</translation>
        </message>
        <message>
            <source>Compare in Benchmarks</source>
            <translation>在基准测试中比较</translation>
        </message>
        <message>
            <source>Show the stored quality measurement in the Benchmarks area</source>
            <translation>在“基准测试”区域显示已保存的质量测量</translation>
        </message>
        <message>
            <source>Load report…</source>
            <translation>加载报告…</translation>
        </message>
        <message>
            <source>Show the report (.quant.json) written beside an earlier output</source>
            <translation>显示写在先前输出旁的报告（.quant.json）</translation>
        </message>
        <message>
            <source>No result yet</source>
            <translation>暂无结果</translation>
        </message>
        <message>
            <source>Quantize a model with the form, or load the report (.quant.json) written beside an earlier output.</source>
            <translation>用左侧表单量化模型，或加载写在先前输出旁的报告（.quant.json）。</translation>
        </message>
        <message>
            <source>Dense model: no routed experts, so no coverage map.</source>
            <translation>稠密模型：没有路由专家，因此没有覆盖图。</translation>
        </message>
        <message>
            <source>Calibration tokens per routed expert (log scale). Every expert received tokens.</source>
            <translation>每个路由专家收到的校准词元数（对数刻度）。每个专家都收到了词元。</translation>
        </message>
        <message numerus="yes">
            <source>Calibration tokens per routed expert (log scale). %n expert(s) received none and were quantized with RTN (red).</source>
            <translation>
                <numerusform>每个路由专家收到的校准词元数（对数刻度）。%n 个专家没有收到词元，已改用 RTN 量化（红色）。</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>QuantizeView</name>
        <message>
            <source>%1× smaller</source>
            <translation>缩小 %1 倍</translation>
        </message>
        <message>
            <source>Δppl %1</source>
            <translation>Δppl %1</translation>
        </message>
        <message>
            <source>KL %1</source>
            <translation>KL %1</translation>
        </message>
        <message>
            <source>top-1 %1</source>
            <translation>top-1 %1</translation>
        </message>
        <message>
            <source>routing %1</source>
            <translation>路由 %1</translation>
        </message>
        <message>
            <source>Job</source>
            <translation>任务</translation>
        </message>
        <message>
            <source>Original</source>
            <translation>原模型</translation>
        </message>
        <message>
            <source>Written to</source>
            <translation>写入到</translation>
        </message>
        <message>
            <source>Format: %1</source>
            <translation>格式：%1</translation>
        </message>
        <message>
            <source>Scheme</source>
            <translation>方案</translation>
        </message>
        <message>
            <source>Method</source>
            <translation>方法</translation>
        </message>
        <message>
            <source>Calibration</source>
            <translation>校准</translation>
        </message>
        <message>
            <source>%1 tokens from %2</source>
            <translation>来自 %2 的 %1 个词元</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>用时</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>大小</translation>
        </message>
        <message>
            <source>Weights before</source>
            <translation>量化前权重</translation>
        </message>
        <message>
            <source>Weights after</source>
            <translation>量化后权重</translation>
        </message>
        <message>
            <source>Ratio</source>
            <translation>压缩比</translation>
        </message>
        <message>
            <source>File on disk</source>
            <translation>磁盘文件</translation>
        </message>
        <message>
            <source>Quality against the original</source>
            <translation>与原模型相比的质量</translation>
        </message>
        <message>
            <source>Perplexity</source>
            <translation>困惑度</translation>
        </message>
        <message>
            <source>%1 → %2</source>
            <translation>%1 → %2</translation>
        </message>
        <message>
            <source>Original → quantized, on %1</source>
            <translation>原模型 → 量化模型，在 %1 上</translation>
        </message>
        <message>
            <source>Δppl</source>
            <translation>Δppl</translation>
        </message>
        <message>
            <source>KL divergence (mean)</source>
            <translation>KL 散度（平均）</translation>
        </message>
        <message>
            <source>nats per token</source>
            <translation>每词元奈特</translation>
        </message>
        <message>
            <source>KL divergence (p99)</source>
            <translation>KL 散度（p99）</translation>
        </message>
        <message>
            <source>Top-1 agreement</source>
            <translation>Top-1 一致率</translation>
        </message>
        <message>
            <source>Routing agreement (Jaccard)</source>
            <translation>路由一致率（Jaccard）</translation>
        </message>
        <message>
            <source>Routings changed</source>
            <translation>路由改变比例</translation>
        </message>
        <message>
            <source>Largest layer error</source>
            <translation>最大层误差</translation>
        </message>
        <message>
            <source>Measured</source>
            <translation>测量方式</translation>
        </message>
        <message>
            <source>Not measured</source>
            <translation>未测量</translation>
        </message>
        <message>
            <source>Give an evaluation text to measure Δppl, KL and agreement.</source>
            <translation>提供评估文本即可测量 Δppl、KL 和一致率。</translation>
        </message>
        <message>
            <source>Kept and fallbacks</source>
            <translation>保留与回退</translation>
        </message>
        <message>
            <source>Linears quantized</source>
            <translation>已量化的 Linear</translation>
        </message>
        <message>
            <source>Kept as they were</source>
            <translation>保持原样</translation>
        </message>
        <message>
            <source>Type fallbacks</source>
            <translation>类型回退</translation>
        </message>
        <message>
            <source>Experts without calibration tokens (RTN)</source>
            <translation>没有校准词元的专家（RTN）</translation>
        </message>
        <message>
            <source>Output error on the evaluation text</source>
            <translation>评估文本上的输出误差</translation>
        </message>
        <message>
            <source>Largest output error on calibration data</source>
            <translation>校准数据上的最大输出误差</translation>
        </message>
        <message>
            <source>Largest weight error ‖W − Ŵ‖/‖W‖</source>
            <translation>最大权重误差 ‖W − Ŵ‖/‖W‖</translation>
        </message>
        <message>
            <source>Linear</source>
            <translation>Linear 层</translation>
        </message>
        <message>
            <source>Stored as</source>
            <translation>存储为</translation>
        </message>
        <message>
            <source>Tokens</source>
            <translation>词元数</translation>
        </message>
        <message>
            <source>Weight error</source>
            <translation>权重误差</translation>
        </message>
        <message>
            <source>Output error</source>
            <translation>输出误差</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>备注</translation>
        </message>
    </context>
    <context>
        <name>QuantizeWorker</name>
        <message>
            <source>Cancelled before it started.</source>
            <translation>在开始前已取消。</translation>
        </message>
    </context>
    <context>
        <name>ReportExporter</name>
        <message>
            <source>%1: there are no benchmark runs to report.</source>
            <translation>%1：没有可报告的基准测试运行。</translation>
        </message>
        <message>
            <source>%1: unknown report format (use .html, .pdf, .md, .csv or .json).</source>
            <translation>%1：未知的报告格式（请使用 .html、.pdf、.md、.csv 或 .json）。</translation>
        </message>
        <message>
            <source>%1: cannot write: %2</source>
            <translation>%1：无法写入：%2</translation>
        </message>
    </context>
    <context>
        <name>RoutingPanel</name>
        <message>
            <source>Per token</source>
            <translation>逐词元</translation>
        </message>
        <message>
            <source>Load</source>
            <translation>负载</translation>
        </message>
        <message>
            <source>Co-activation</source>
            <translation>共同激活</translation>
        </message>
        <message>
            <source>MoE layer</source>
            <translation>MoE 层</translation>
        </message>
        <message>
            <source>Run a prompt on an MoE model (or show a stored data-set run) to see where each token goes.</source>
            <translation>在 MoE 模型上运行一个提示（或显示一次已存储的数据集运行），查看每个词元的去向。</translation>
        </message>
        <message>
            <source>Stored run %1%2 · %3</source>
            <translation>已存储的运行 %1%2 · %3</translation>
        </message>
        <message numerus="yes">
            <source>Prompt of %n token(s)</source>
            <translation>
                <numerusform>%n 个词元的提示</numerusform>
            </translation>
        </message>
        <message>
            <source>layer %1</source>
            <translation>第 %1 层</translation>
        </message>
        <message>
            <source>This run kept no per-token routing (only its summary)</source>
            <translation>此运行未保存逐词元路由（仅有汇总）</translation>
        </message>
        <message>
            <source>tokens in layer %1</source>
            <translation>第 %1 层的词元数</translation>
        </message>
        <message>
            <source>Token kinds</source>
            <translation>词元类型</translation>
        </message>
    </context>
    <context>
        <name>ServeController</name>
        <message>
            <source>Not serving.</source>
            <translation>未在提供服务。</translation>
        </message>
        <message>
            <source>A model folder to serve</source>
            <translation>要提供服务的模型文件夹</translation>
        </message>
        <message>
            <source>Choose a model to serve first.</source>
            <translation>请先选择要提供服务的模型。</translation>
        </message>
        <message>
            <source>Serving on %1 would expose the model beyond this machine: set an API key first.</source>
            <translation>在 %1 上提供服务会把模型暴露到本机以外：请先设置 API 密钥。</translation>
        </message>
        <message>
            <source>Opening %1…</source>
            <translation>正在打开 %1…</translation>
        </message>
        <message>
            <source>Swap to %1</source>
            <translation>切换到 %1</translation>
        </message>
        <message>
            <source>Serving %1 at %2 — opening %3 to swap to…</source>
            <translation>正在 %2 提供 %1 的服务 — 正在打开 %3 以便切换…</translation>
        </message>
        <message>
            <source>Serving at %1 (loaded in %2 s)</source>
            <translation>正在 %1 提供服务（加载用时 %2 秒）</translation>
        </message>
        <message>
            <source>Serving %1 at %2/v1 — OpenAI base URL; /metrics for Prometheus.</source>
            <translation>正在 %2/v1 提供 %1 的服务 — 这是 OpenAI 基础 URL；Prometheus 指标见 /metrics。</translation>
        </message>
        <message>
            <source>Swapped to %1: loaded in %2 s, the step loop paused %3 ms</source>
            <translation>已切换到 %1：加载用时 %2 秒，步进循环暂停 %3 毫秒</translation>
        </message>
        <message>
            <source>Serving %1 at %2/v1 — swapped in %3 s of loading, %4 ms pause; no request dropped.</source>
            <translation>正在 %2/v1 提供 %1 的服务 — 加载 %3 秒后切换，暂停 %4 毫秒；没有丢弃任何请求。</translation>
        </message>
        <message>
            <source>Stopped. %1 requests served.</source>
            <translation>已停止。共处理 %1 个请求。</translation>
        </message>
        <message>
            <source>Cancelled.</source>
            <translation>已取消。</translation>
        </message>
        <message>
            <source>Failed: %1</source>
            <translation>失败：%1</translation>
        </message>
    </context>
    <context>
        <name>ServePage</name>
        <message>
            <source>%1 ms</source>
            <translation>%1 毫秒</translation>
        </message>
        <message>
            <source>%1 finished, %2 failed, %3 refused; %4 swaps</source>
            <translation>%1 个完成，%2 个失败，%3 个被拒绝；切换 %4 次</translation>
        </message>
        <message>
            <source>Serve</source>
            <translation>服务</translation>
        </message>
        <message>
            <source>An OpenAI-compatible server on this machine with dynamic batching: point any OpenAI client at it, watch it under load, swap in a new version without dropping a request.</source>
            <translation>本机上带动态批处理的 OpenAI 兼容服务器：任何 OpenAI 客户端都能连接它，可以观察它在负载下的表现，并在不丢弃任何请求的情况下切换到新版本。</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>地址</translation>
        </message>
        <message>
            <source>Port</source>
            <translation>端口</translation>
        </message>
        <message>
            <source>API key</source>
            <translation>API 密钥</translation>
        </message>
        <message>
            <source>Policy</source>
            <translation>调度策略</translation>
        </message>
        <message>
            <source>Max batch size</source>
            <translation>最大批大小</translation>
        </message>
        <message>
            <source>Max wait</source>
            <translation>最长等待</translation>
        </message>
        <message>
            <source>Tokens in flight</source>
            <translation>在途词元上限</translation>
        </message>
        <message>
            <source>Context per request</source>
            <translation>每个请求的上下文</translation>
        </message>
        <message>
            <source>CPU threads</source>
            <translation>CPU 线程</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <source>A model folder, .safetensors, .gguf or llama2.c file; the models open in the workbench are listed.</source>
            <translation>模型文件夹、.safetensors、.gguf 或 llama2.c 文件；列表中是工作台里已打开的模型。</translation>
        </message>
        <message>
            <source>127.0.0.1 keeps the server on this machine; any other address needs an API key.</source>
            <translation>127.0.0.1 让服务器只在本机可用；其他任何地址都需要 API 密钥。</translation>
        </message>
        <message>
            <source>0 picks a free port.</source>
            <translation>0 表示自动选择空闲端口。</translation>
        </message>
        <message>
            <source>none (this machine only)</source>
            <translation>无（仅限本机）</translation>
        </message>
        <message>
            <source>When set, every request must send &quot;Authorization: Bearer KEY&quot;.</source>
            <translation>设置后，每个请求都必须带上 &quot;Authorization: Bearer KEY&quot;。</translation>
        </message>
        <message>
            <source>First come, first served</source>
            <translation>先到先服务</translation>
        </message>
        <message>
            <source>Longest first</source>
            <translation>最长优先</translation>
        </message>
        <message>
            <source>Shortest first</source>
            <translation>最短优先</translation>
        </message>
        <message>
            <source>Which waiting request gets a free slot first (requests waiting 30 s go first whatever the policy).</source>
            <translation>空出的槽位先分给哪个等待中的请求（等待超过 30 秒的请求无论采用哪种策略都优先）。</translation>
        </message>
        <message>
            <source>Requests decoded together in one step.</source>
            <translation>在一步中一起解码的请求数。</translation>
        </message>
        <message>
            <source>An idle server holds its first request this long so others can join its batch.</source>
            <translation>空闲的服务器让第一个请求最多等待这么久，以便其他请求加入同一批。</translation>
        </message>
        <message>
            <source>automatic</source>
            <translation>自动</translation>
        </message>
        <message>
            <source>Prompt plus max_tokens summed over running requests; automatic: batch size × context.</source>
            <translation>所有运行中请求的提示词与 max_tokens 之和；自动：批大小 × 上下文。</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>启动</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>停止</translation>
        </message>
        <message>
            <source>Swap to this model</source>
            <translation>切换到此模型</translation>
        </message>
        <message>
            <source>Open the model in the Model box and switch to it between two steps: requests already running finish on the old version, none is dropped.</source>
            <translation>打开“模型”框中的模型，并在两步之间切换过去：已在运行的请求在旧版本上完成，不会丢弃任何请求。</translation>
        </message>
        <message>
            <source>requests/s</source>
            <translation>请求/秒</translation>
        </message>
        <message>
            <source>tokens/s</source>
            <translation>词元/秒</translation>
        </message>
        <message>
            <source>latency P50</source>
            <translation>延迟 P50</translation>
        </message>
        <message>
            <source>latency P99</source>
            <translation>延迟 P99</translation>
        </message>
        <message>
            <source>batch size</source>
            <translation>批大小</translation>
        </message>
        <message>
            <source>queued</source>
            <translation>排队中</translation>
        </message>
        <message>
            <source>running</source>
            <translation>运行中</translation>
        </message>
        <message>
            <source>served</source>
            <translation>已处理</translation>
        </message>
        <message>
            <source>Requests per second</source>
            <translation>每秒请求数</translation>
        </message>
        <message>
            <source>Latency (ms)</source>
            <translation>延迟（毫秒）</translation>
        </message>
        <message>
            <source>Batch size (requests per step)</source>
            <translation>批大小（每步请求数）</translation>
        </message>
        <message>
            <source>Queue depth</source>
            <translation>队列深度</translation>
        </message>
        <message>
            <source>seconds</source>
            <translation>秒</translation>
        </message>
        <message>
            <source>P50</source>
            <translation>P50</translation>
        </message>
        <message>
            <source>P99</source>
            <translation>P99</translation>
        </message>
    </context>
    <context>
        <name>ServeWorker</name>
        <message>
            <source>The server is not running.</source>
            <translation>服务器未在运行。</translation>
        </message>
    </context>
    <context>
        <name>SettingsController</name>
        <message>
            <source>CPU</source>
            <translation>CPU</translation>
        </message>
        <message>
            <source>Choose the data directory</source>
            <translation>选择数据目录</translation>
        </message>
    </context>
    <context>
        <name>SettingsPage</name>
        <message>
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <source>Preferences are saved as you change them.</source>
            <translation>偏好设置在更改时自动保存。</translation>
        </message>
        <message>
            <source>Appearance</source>
            <translation>外观</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>语言</translation>
        </message>
        <message>
            <source>Switches at once; no restart needed.</source>
            <translation>立即切换，无需重启。</translation>
        </message>
        <message>
            <source>Theme</source>
            <translation>主题</translation>
        </message>
        <message>
            <source>Light</source>
            <translation>浅色</translation>
        </message>
        <message>
            <source>Dark</source>
            <translation>深色</translation>
        </message>
        <message>
            <source>Engine</source>
            <translation>引擎</translation>
        </message>
        <message>
            <source>Default device</source>
            <translation>默认设备</translation>
        </message>
        <message>
            <source>CPU threads</source>
            <translation>CPU 线程</translation>
        </message>
        <message>
            <source>Auto</source>
            <translation>自动</translation>
        </message>
        <message>
            <source>Used when opening models. Auto uses every core but one, so the window stays responsive.</source>
            <translation>打开模型时使用。“自动”会使用除一个核心外的全部核心，使窗口保持响应。</translation>
        </message>
        <message>
            <source>Data</source>
            <translation>数据</translation>
        </message>
        <message>
            <source>Data directory</source>
            <translation>数据目录</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <source>The job history database (shared with dsw-cli) lives here. A change applies at the next start; dsw --db PATH overrides it for one run.</source>
            <translation>任务历史数据库（与 dsw-cli 共享）保存在此处。更改将在下次启动时生效；dsw --db PATH 可在单次运行中覆盖此设置。</translation>
        </message>
        <message>
            <source>Database in use</source>
            <translation>当前数据库</translation>
        </message>
        <message>
            <source>About</source>
            <translation>关于</translation>
        </message>
        <message>
            <source>Version</source>
            <translation>版本</translation>
        </message>
        <message>
            <source>Settings file</source>
            <translation>设置文件</translation>
        </message>
    </context>
    <context>
        <name>SideBySideCompare</name>
        <message>
            <source>A model was closed.</source>
            <translation>有模型已被关闭。</translation>
        </message>
        <message>
            <source>A: %1
B: %2</source>
            <translation>A：%1
B：%2</translation>
        </message>
        <message>
            <source>A: %1</source>
            <translation>A：%1</translation>
        </message>
        <message>
            <source>B: %1</source>
            <translation>B：%1</translation>
        </message>
        <message>
            <source>Both models must be open.</source>
            <translation>两个模型都必须处于打开状态。</translation>
        </message>
        <message>
            <source>Write at least one prompt.</source>
            <translation>请至少写一个提示。</translation>
        </message>
        <message numerus="yes">
            <source>Side by side: %n prompt(s)</source>
            <translation>
                <numerusform>并排比较：%n 个提示</numerusform>
            </translation>
        </message>
        <message>
            <source>Stopped.</source>
            <translation>已停止。</translation>
        </message>
        <message numerus="yes">
            <source>%n prompt(s) answered by both models.</source>
            <translation>
                <numerusform>两个模型都回答了 %n 个提示。</numerusform>
            </translation>
        </message>
        <message>
            <source>Prompt %1 of %2 on %3…</source>
            <translation>正在 %3 上运行第 %1 个提示（共 %2 个）…</translation>
        </message>
    </context>
    <context>
        <name>SideBySideWindow</name>
        <message>
            <source>Playground — side by side</source>
            <translation>试验场 — 并排比较</translation>
        </message>
        <message>
            <source>Prompts (one per line), sent to both models with greedy decoding:</source>
            <translation>提示（每行一个），以贪心解码发送给两个模型：</translation>
        </message>
        <message>
            <source>Reply length (tokens)</source>
            <translation>回复长度（词元）</translation>
        </message>
        <message>
            <source>Run both</source>
            <translation>同时运行</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>停止</translation>
        </message>
        <message>
            <source>Prompt</source>
            <translation>提示词</translation>
        </message>
        <message>
            <source>Model A</source>
            <translation>模型 A</translation>
        </message>
        <message>
            <source>Model B</source>
            <translation>模型 B</translation>
        </message>
    </context>
    <context>
        <name>TensorTableModel</name>
        <message>
            <source>unsupported</source>
            <translation>不支持</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>Shape</source>
            <translation>形状</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>Bytes</source>
            <translation>字节</translation>
        </message>
        <message>
            <source>%1
%2 bytes in %3</source>
            <translation>%1
%2 字节，位于 %3</translation>
        </message>
    </context>
    <context>
        <name>TokenView</name>
        <message>
            <source>probability %1</source>
            <translation>概率 %1</translation>
        </message>
        <message numerus="yes">
            <source>Top %n alternatives</source>
            <translation>
                <numerusform>前 %n 个候选</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Workbench</name>
        <message>
            <source>Device: %1</source>
            <translation>设备：%1</translation>
        </message>
        <message>
            <source>Device: none (no model open)</source>
            <translation>设备：无（未打开模型）</translation>
        </message>
        <message>
            <source>Memory in use: %1</source>
            <translation>内存占用：%1</translation>
        </message>
        <message>
            <source>Device: %1 · Inspect: %2</source>
            <translation>设备：%1 · 检视：%2</translation>
        </message>
        <message>
            <source>Device: %1 (Inspect&apos;s model; none open in Models)</source>
            <translation>设备：%1（检视区的模型；模型区未打开模型）</translation>
        </message>
    </context>
</TS>
