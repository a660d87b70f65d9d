<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
            <source>noise ± %1</source>
            <translation>噪声 ± %1</translation>
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
            <source>Runs as a job on the chosen model; the result is stored with dsw-cli's runs.</source>
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
            <source>Benchmark (%1)</source>
            <translation>基准测试（%1）</translation>
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
        <message>
            <source>Stored as result row(s) %1</source>
            <translation>已保存为结果行 %1</translation>
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
            <source>No sweep runs yet: run the speed suite with a sweep over batch sizes or prompt lengths.</source>
            <translation>还没有扫描运行：请用速度测试套件扫描批大小或提示词长度。</translation>
        </message>
        <message>
            <source>Report written to %1</source>
            <translation>报告已写入 %1</translation>
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
            <source>Quantize</source>
            <translation>量化</translation>
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
            <source>%1 (from the tokenizer's template)</source>
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
    </context>
    <context>
        <name>ModelWorker</name>
        <message>
            <source>Loading was cancelled.</source>
            <translation>加载已取消。</translation>
        </message>
        <message>
            <source>The model is not loaded.</source>
            <translation>模型尚未加载。</translation>
        </message>
        <message>
            <source>This model has no tokenizer, so it cannot generate text.</source>
            <translation>此模型没有分词器，无法生成文本。</translation>
        </message>
        <message>
            <source>An empty prompt needs a tokenizer with a beginning-of-text token.</source>
            <translation>空提示词需要带有文本起始词元的分词器。</translation>
        </message>
        <message>
            <source>The prompt (%1 tokens) does not fit the context of %2 tokens.</source>
            <translation>提示词（%1 个词元）超出了 %2 个词元的上下文。</translation>
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
            <source>Load %1</source>
            <translation>加载 %1</translation>
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
            <source>The model's files could not be read.</source>
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
            <source>SHA-256 of %1</source>
            <translation>%1 的 SHA-256</translation>
        </message>
        <message>
            <source>CPU</source>
            <translation>CPU</translation>
        </message>
        <message>
            <source>%1 · %2 free</source>
            <translation>%1 · 可用 %2</translation>
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
            <source>Drop a model folder, a .safetensors, .gguf or llama2.c .bin file here,
or open one from disk.</source>
            <translation>将模型文件夹或 .safetensors、.gguf、llama2.c .bin 文件拖放到此处，
或从磁盘打开。</translation>
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
        <message>
            <source>Generate with %1</source>
            <translation>使用 %1 生成</translation>
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
            <source>Chat formats the conversation with the model's chat template; Completion continues your text as is.</source>
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
            <source>tokens per second (decode)</source>
            <translation>每秒词元数（解码）</translation>
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
            <source>tokens/s</source>
            <translation>词元/秒</translation>
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
            <source>Quantize %1 (%2)</source>
            <translation>量化 %1（%2）</translation>
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
            <source>Act-order</source>
            <translation>按激活排序</translation>
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
        <message>
            <source>RTN rounds each group from the weights alone; GPTQ uses the calibration text to push each column's rounding error onto the columns not yet quantized.</source>
            <translation>RTN 仅根据权重对每组取整；GPTQ 利用校准文本，把每一列的舍入误差转移到尚未量化的列上。</translation>
        </message>
        <message>
            <source>GPTQ: quantize the columns with the largest activations first</source>
            <translation>GPTQ：先量化激活最大的列</translation>
        </message>
        <message>
            <source>Dense MLPs, shared and routed experts. Routers are never quantized.</source>
            <translation>稠密 MLP、共享专家和路由专家。路由器永不量化。</translation>
        </message>
    </context>
    <context>
        <name>QuantizePage</name>
        <message>
            <source>Quantize</source>
            <translation>量化</translation>
        </message>
        <message>
            <source>Turn a model's weights into 8- or 4-bit codes (RTN or GPTQ) and see what it cost: size, perplexity, KL divergence, agreement and routing against the original.</source>
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
        <name>TensorTableModel</name>
        <message>
            <source>unsupported</source>
            <translation>不支持</translation>
        </message>
        <message>
            <source>%1
%2 bytes in %3</source>
            <translation>%1
%2 字节，位于 %3</translation>
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
    </context>
</TS>
