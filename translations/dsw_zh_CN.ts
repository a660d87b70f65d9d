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
            <source>The run's settings cannot be read: %1</source>
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
            <source>Needs the Inspect area, which this build does not have yet.</source>
            <translation>需要“检查”区域，当前版本尚未包含。</translation>
        </message>
        <message>
            <source>Choose a base model and a data file: the first rows appear here as the run will see them.</source>
            <translation>请选择基础模型和数据文件：前几行会按本次运行看到的样子显示在这里。</translation>
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
        <message>
            <source>Load a PEFT LoRA adapter onto %1</source>
            <translation>将 PEFT LoRA 适配器加载到 %1 上</translation>
        </message>
        <message>
            <source>Load %1 + adapter %2</source>
            <translation>加载 %1 + 适配器 %2</translation>
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
