<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
    <context>
        <name>AboutDialog</name>
        <message>
            <source>About DeepSeek Workbench</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>DeepSeek Workbench</source>
            <translation>DeepSeek Workbench</translation>
        </message>
        <message>
            <source>Open, chat with, inspect and benchmark DeepSeek-family language models.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Version</source>
            <translation>Version</translation>
        </message>
        <message>
            <source>Database in use</source>
            <translation>Database in use</translation>
        </message>
        <message>
            <source>Settings file</source>
            <translation>Settings file</translation>
        </message>
    </context>
    <context>
        <name>AppMenus</name>
        <message>
            <source>No recent models</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Open &amp;recent</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>&amp;Theme</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>&amp;Open file…</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Open &amp;folder…</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>&amp;Export benchmark report…</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>&amp;Log</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>&amp;Light</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>&amp;Dark</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>&amp;Documentation</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>&amp;About DeepSeek Workbench</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>AttentionPanel</name>
        <message>
            <source>Window (full resolution)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Overview: max per tile</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Overview: mean per tile</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Statistic</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Layer</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Head</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Map</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Window from token</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>size</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>The layer whose heads are shown as small multiples</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Long prompts: the full-resolution window starts here (queries and keys)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Run a prompt to see every layer&apos;s and head&apos;s attention.</source>
            <translation type="unfinished"></translation>
        </message>
        <message numerus="yes">
            <source>%n token(s) · %1 layers × %2 heads · %3 s · window: tokens %4–%5 · overview tiles of %6 token(s)</source>
            <translation type="unfinished">
                <numerusform></numerusform>
                <numerusform></numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>BenchPresentation</name>
        <message>
            <source>ID</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Date (UTC)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Label</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Suite</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Model</source>
            <translation>Model</translation>
        </message>
        <message>
            <source>Architecture</source>
            <translation>Architecture</translation>
        </message>
        <message>
            <source>Precision</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Device</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Prompt</source>
            <translation>Prompt</translation>
        </message>
        <message>
            <source>Generated</source>
            <translation>Generated</translation>
        </message>
        <message>
            <source>Batch</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Prefill tok/s</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Decode tok/s</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Decode CV</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>TTFT ms</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>p50 ms</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>p95 ms</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>p99 ms</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Peak MiB</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Load s</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Perplexity</source>
            <translation>Perplexity</translation>
        </message>
        <message>
            <source>Distinct-2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Noisy</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Notes</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>⚠ noisy</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>baseline</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>better</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>worse</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>no significant difference</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>n/a</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Metric</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Unit</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>%1 (baseline)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>%1 vs baseline</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Higher is better. Differences within ± %1 count as noise.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Lower is better. Differences within ± %1 count as noise.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Batch size (sequences)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Prompt length (tokens)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Speed</source>
            <translation>Speed</translation>
        </message>
        <message>
            <source>Diversity</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Sweep</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Load time</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Prefill speed</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Decode speed</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Decode variation (CV)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Time to first token</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Token latency p50</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Token latency p95</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Token latency p99</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Peak memory of the run</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Peak device memory</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Share of memory bandwidth</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Mean negative log-likelihood</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Distinct-1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Repetition rate</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>device</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>threads</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>precision</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>prompt length</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>generated length</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>batch</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>context</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>tokenizer</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>text file</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>%1 %2 vs %3</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Select two or more runs in the table above (Ctrl+click) to compare them. The first is the baseline.</source>
            <translation type="unfinished"></translation>
        </message>
        <message numerus="yes">
            <source>%n run(s) compared against %1. Differences within the measured noise are shown as &quot;no significant difference&quot;.</source>
            <translation type="unfinished">
                <numerusform></numerusform>
                <numerusform></numerusform>
            </translation>
        </message>
        <message>
            <source>%1: settings differ: %2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Better/worse verdicts are given across these differences, as you asked; read them with care.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>No better/worse verdict is given for the metrics these settings affect; tick &quot;Verdicts across different settings&quot; to see them anyway.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>settings differ</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>%1 (stored value) · noise ± %2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Settings differ: %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Quality against a reference</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Perplexity change against the reference</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Mean KL divergence</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>KL divergence p99</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Top-1 agreement</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Expert routing agreement</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Expert routings changed</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Largest layer error</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>reference model</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>BenchRunForm</name>
        <message>
            <source>Run a benchmark</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Model</source>
            <translation>Model</translation>
        </message>
        <message>
            <source>Suite</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Prompt / generated</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Batch / repetitions</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Sweep</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Text file</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Label</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Speed (prefill, decode, latency, memory)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Perplexity on a text file</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Diversity of sampled text</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>No sweep</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Over batch sizes</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Over prompt lengths</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>values, e.g. 1,2,4</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Prompt tokens per sequence (the context for perplexity)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Generated tokens per sequence</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Sequences run together</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Timed repetitions after one warm-up; their spread decides whether a run is noisy</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>a UTF-8 text file</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>Browse…</translation>
        </message>
        <message>
            <source>e.g. base, q8_0, lora-v2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Run benchmark</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Runs as a job on the chosen model; the result is stored with dsw-cli&apos;s runs.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>BenchStoreService</name>
        <message>
            <source>The database is not open.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Stored as result row(s) %1</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>BenchmarksController</name>
        <message>
            <source>Text for the perplexity suite</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Text files (*.txt *.md *.raw);;All files (*)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Export the benchmark report</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>HTML with charts (*.html);;PDF with charts (*.pdf);;Markdown (*.md);;CSV (*.csv);;JSON (*.json)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Export failed</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>The model was closed.</source>
            <translation>The model was closed.</translation>
        </message>
        <message>
            <source>Results database: %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Results are unavailable: %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>The result could not be stored: %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Open a model in the Models area to benchmark it.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Choose the text file to measure perplexity on.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Running on %1 — see the Jobs area for progress.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>The benchmark was cancelled.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>The benchmark failed: %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message numerus="yes">
            <source>Stored as result row(s) %1</source>
            <translation type="unfinished">
                <numerusform></numerusform>
                <numerusform></numerusform>
            </translation>
        </message>
        <message>
            <source>No sweep runs yet: run the speed suite with a sweep over batch sizes or prompt lengths.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Report written to %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Relabel run #%1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Label of run #%1 (empty: none). It names the run in comparisons and reports.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Delete benchmark runs?</source>
            <translation type="unfinished"></translation>
        </message>
        <message numerus="yes">
            <source>Delete %n stored run(s) from the results database?</source>
            <translation type="unfinished">
                <numerusform></numerusform>
                <numerusform></numerusform>
            </translation>
        </message>
        <message>
            <source>Delete</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Keep them</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>The results database was updated.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>%1

This cannot be undone; dsw-cli and exported reports no longer see them. Job history keeps the jobs that produced them.</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>BenchmarksPage</name>
        <message>
            <source>Benchmarks</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Speed, perplexity and diversity runs stored by the workbench and dsw-cli. Select two or more to compare.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Reload the runs from the database (includes runs dsw-cli wrote since).</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Filter by label, model, suite, device…</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Relabel…</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Give the selected run a new label (it names the run in comparisons and reports).</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Delete…</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Delete the selected runs from the results database (asks first).</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>ChartAdapter</name>
        <message>
            <source>%1: the chart could not be drawn.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>%1: save a chart as .png or .svg.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>%1: cannot write: %2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>%1: this chart has no data to save.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>%1: save the data as .csv or .json.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Save image (PNG or SVG)…</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Save data (CSV or JSON)…</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Add to the benchmark report</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>ComparePanel</name>
        <message>
            <source>layer %1 · head %2 (click to open)
JS mean %3 bits, max %4 bits</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Attention</source>
            <translation>Attention</translation>
        </message>
        <message>
            <source>Routing</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Per token</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Load</source>
            <translation>Load</translation>
        </message>
        <message>
            <source>Co-activation</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>MoE layer</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Choose a model to compare with, then Run: the same prompt goes through both.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Compare the routing of two models on a prompt, or two stored data-set runs.</source>
            <translation type="unfinished"></translation>
        </message>
        <message numerus="yes">
            <source>A: %1
B: %2
%n token(s); the heads that differ most: layer %3 head %4 (%5 bits)</source>
            <translation type="unfinished">
                <numerusform></numerusform>
                <numerusform></numerusform>
            </translation>
        </message>
        <message>
            <source>layer %1</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>ComparisonPanel</name>
        <message>
            <source>Comparison</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Baseline</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Metric</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Export report…</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Save the comparison as HTML or PDF (with charts), Markdown, CSV or JSON.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Table</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Bar chart</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Sweep</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Verdicts across different settings</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Also call runs better or worse when they were measured with different threads, device, precision, lengths or tokenizer. Off by default: such differences are not the model&apos;s.</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>DatasetPanel</name>
        <message>
            <source>Route every document of a text file (one document) or a JSONL file (one per line) through the model chosen above. Runs are kept in the results database, so any two can be compared later.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Data file</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>Browse…</translation>
        </message>
        <message>
            <source>JSONL field</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>text (default), else every string field</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Token limit</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>whole file</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Label</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Run and store</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Show</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Compare two</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Export…</source>
            <translation>Export…</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Run</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Created</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Tokens</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Documents</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Per token</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Model</source>
            <translation>Model</translation>
        </message>
        <message>
            <source>yes</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>no</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>DocumentationDialog</name>
        <message>
            <source>DeepSeek Workbench documentation</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>The documentation files were not found. They are installed in share/doc/deepseek-workbench (README.md and docs/); dsw --help lists the command-line options.</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>FilterableTableView</name>
        <message>
            <source>%1 of %2</source>
            <translation>%1 of %2</translation>
        </message>
        <message>
            <source>Filter by name…</source>
            <translation>Filter by name…</translation>
        </message>
    </context>
    <context>
        <name>FinetuneController</name>
        <message>
            <source>Base model folder</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Training data</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Training data (*.jsonl *.json *.txt);;All files (*)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Output folder for the run</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Open a model folder in the Models area (or choose one with Browse…) to fine-tune it.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Checking the plan…</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Choose a base model, a data file and an output folder.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>The output folder holds a run already: Resume it, or choose another folder.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>The output folder has no checkpoint to resume from.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Fine-tune %1 (LoRA r%2)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Fine-tune %1 (all weights)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source> — resumed</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Resuming from the newest checkpoint…</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Starting — see the Training tab.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Preparing: opening the model and tokenizing the data…</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>layer %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Finished: %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Finished.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Cancelled: %1. Resume continues from the checkpoint, exactly.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Refused before starting: %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>The run stopped: %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Explain what you were trained to do.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>base</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Perplexity on the eval split (%1)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>The perplexity comparison failed: %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Run</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Finished</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Source</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Model</source>
            <translation>Model</translation>
        </message>
        <message>
            <source>Steps</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Final loss</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Eval loss</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Result</source>
            <translation>Result</translation>
        </message>
        <message>
            <source>Audit</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>imported</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>local</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Runs are unavailable: %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>The run&apos;s settings cannot be read: %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Settings of run %1 loaded: Resume continues it, or choose a new output folder for a new run.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Settings of run %1 loaded.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Run %1: %2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>step</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Loss</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>train</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>eval</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Learning rate</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>learning rate</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Gradient norm before clipping (log scale)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>global norm</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>flagged</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Tokens per second</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Resident memory (MiB)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Gradient norm per layer</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>layer</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>log10 norm</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Expert load: share of routed assignments</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>expert</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>share</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Loss of the selected run</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Choose a base model and a data file: the first rows appear here as the run will see them.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Compares where the MoE layers send the eval prompts&apos; tokens in the base and in the result (Inspect&apos;s routing comparison)</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>FinetuneForm</name>
        <message>
            <source>Base model</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Data file</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Format</source>
            <translation>Format</translation>
        </message>
        <message>
            <source>Sequence length</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Examples used</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Held out for eval</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Preset</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Method</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Rank / alpha</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Dropout</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Learning rate</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Schedule / warm-up</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Weight decay / clip</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Steps</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Batch × accumulation</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Seed</source>
            <translation>Seed</translation>
        </message>
        <message>
            <source>Eval / checkpoint every</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Threads</source>
            <translation>Threads</translation>
        </message>
        <message>
            <source>MoE balance loss / V3 bias rate</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Router learning rate ×</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Adapt</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Patterns</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Exclude</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Output folder</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Base model and data</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Hyper-parameters</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Targets</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Output</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>Browse…</translation>
        </message>
        <message>
            <source>Plain text (packed)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Prompt and response (JSONL)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Chat messages (JSONL)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Prompt field</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Messages field</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Text field (JSONL)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Response field</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Quick check (20 steps)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Balanced (200 steps)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Thorough (1,000 steps)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Custom</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>LoRA adapter</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Full fine-tuning (small models)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>rsLoRA scaling</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Cosine</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Linear</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Constant</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Gradient checkpointing</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>All</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>At the end</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Every linear layer</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Attention (MLA projections included)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Attention and MLP (experts included)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Custom patterns</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>q_proj, v_proj, re:.*experts\.[0-3]\..*</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>module-name patterns left out</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Adapt the MoE router too</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Open the result beside its base when the run ends</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Start</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Resume</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Peak learning rate of AdamW, e.g. 2e-4</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>DeepSeekMoE expert balance loss weight (0: off)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>DeepSeek-V3 router bias update rate per step (0: off)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>The MoE routers learn at this multiple of the learning rate (1: the same; 10 helps upcycled experts specialise)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Continue from the newest checkpoint in the output folder, exactly</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>FinetunePage</name>
        <message>
            <source>Fine-tune</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Train a LoRA adapter or all weights on your data, watch it learn, and compare the result with its base.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Plan</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Data</source>
            <translation>Data</translation>
        </message>
        <message>
            <source>Training</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Runs</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Shaded tokens are ignored by the loss (prompt, chat-template markers, padding); the model learns to produce the others.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Expert load of MoE layer</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Result</source>
            <translation>Result</translation>
        </message>
        <message>
            <source>Open beside its base</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Same prompts side by side (Playground)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Perplexity on the eval split (Benchmarks)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Routing shift (Inspect)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Use these settings</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Filter modules…</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Filter runs…</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>FinetunePresentation</name>
        <message>
            <source>not adapted</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Module</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>In</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Out</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>LoRA rank</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Attention</source>
            <translation>Attention</translation>
        </message>
        <message>
            <source>MLP</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Shared expert</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Routed expert</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Router</source>
            <translation>Router</translation>
        </message>
        <message>
            <source>The model cannot be read: %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Targets: %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>&lt;b&gt;Full fine-tuning:&lt;/b&gt; every weight is trained (%1 parameters).</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>%1 %2/%3</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>&lt;b&gt;Adapter applied to %1 of %2 Linear modules&lt;/b&gt; (%3) · %4 trainable parameters</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>experts adapted %1/%2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>%1 — the routed experts left out learn nothing from this run.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>No module is adapted: the patterns match nothing in this model.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Patterns that match no module: %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Memory estimate: %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Memory: about %1 (weights %2, trainable state %3, activations %4, workspace %5)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source> · %1 available</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source> — does not fit: lower the batch or sequence length, or turn on gradient checkpointing</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Data: choose a data file (JSONL or plain text)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Data: %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Data: %1 examples → %2 training rows and %3 eval rows of %4 tokens (%5 scored tokens in training; %6 template)</source>
            <translation type="unfinished"></translation>
        </message>
        <message numerus="yes">
            <source> · %n row(s) dropped: truncation cut their whole response</source>
            <translation>
                <numerusform> · %n row dropped: truncation cut its whole response</numerusform>
                <numerusform> · %n rows dropped: truncation cut their whole response</numerusform>
            </translation>
        </message>
        <message>
            <source>Eval row %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Training row %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>%1 tokens, %2 scored</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Step %1/%2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>loss %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>eval %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>lr %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>grad %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>%1 tokens/s</source>
            <translation>%1 tokens/s</translation>
        </message>
        <message>
            <source>about %1 left</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>global norm</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>layer %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>exploding</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>vanishing</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Step %1, %2: %3 (%4)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source> against a median of %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Gradients: no vanishing or exploding gradient so far.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Gradients: %1 exploding, %2 vanishing.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Latest: %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Adapter saved to %1.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Model saved to %1.</source>
            <translation type="unfinished"></translation>
        </message>
        <message numerus="yes">
            <source>%n step(s), final loss %1.</source>
            <translation>
                <numerusform>%n step, final loss %1.</numerusform>
                <numerusform>%n steps, final loss %1.</numerusform>
            </translation>
        </message>
        <message>
            <source>Eval loss %1 → %2.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Recorded as run %1.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Not recorded: %1</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>Format</name>
        <message>
            <source>%1 ms</source>
            <translation>%1 ms</translation>
        </message>
        <message>
            <source>%1 s</source>
            <translation>%1 s</translation>
        </message>
        <message>
            <source>%1 min %2 s</source>
            <translation>%1 min %2 s</translation>
        </message>
        <message>
            <source>%1 h %2 min</source>
            <translation>%1 h %2 min</translation>
        </message>
        <message>
            <source>%1 µs</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>HeatmapView</name>
        <message>
            <source>value</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Reset zoom</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>InspectCharts</name>
        <message>
            <source>none</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Entropy</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Max logit</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Previous-token score</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Mean attention distance</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Attention to the first token</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Strongest sink</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Position share (MLA)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Mean over query rows of −Σ p·ln p (nats): low for focused heads, high for diffuse ones.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>The largest scaled score q·k of any row.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Mean probability on the previous token.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Mean over rows of Σ p·(query − key), in tokens.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Mean probability on the first token.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Share of all attention received by the most-attended key.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>How much of each score&apos;s spread comes from the rotary part q_rope·k_rope rather than the content part.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Layer %1 · head %2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>query</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>key</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>probability</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>query %1 → key %2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>masked (a query sees only earlier keys)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>probability %1</source>
            <translation>probability %1</translation>
        </message>
        <message>
            <source>score %1 = position %2 + content %3</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>score %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>head %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Layer %1 · head %2 (%3 per tile of %4 tokens)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>mean</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>max</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>query tile</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>key tile</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>mean probability</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>max probability</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>query %1 → key %2
probability %3</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>queries %1–%2 × keys %3–%4
max %5, mean %6</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>layer</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>head</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>layer %1 · head %2 (click to open)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>(key %1)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>attention-weighted score: position %1 + content %2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Top-1 expert per token and layer</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>token</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>expert</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>token %1 · layer %2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>dense layer (no routing)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>e%1 %2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>experts (weight): %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message numerus="yes">
            <source>+ %n shared expert(s), always active</source>
            <translation type="unfinished">
                <numerusform></numerusform>
                <numerusform></numerusform>
            </translation>
        </message>
        <message>
            <source>L%1 dense</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Expert load (S = shared)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>share of tokens</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>layer %1 is dense (no routing)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>layer %1 · shared expert %2: every token (always active)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>layer %1 · expert %2
%3 of %4 tokens (%5), weight mass %6
layer: entropy %7 nats, balance %8</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Co-activation, layer %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message numerus="yes">
            <source>%1 tokens in %n document(s); %2 routed experts, %3 per token, %4 shared (always active); scoring %5</source>
            <translation type="unfinished">
                <numerusform></numerusform>
                <numerusform></numerusform>
            </translation>
        </message>
        <message>
            <source>layer %1: entropy %2 nats, balance %3, never hit: %4</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>JS divergence per head</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>JS (bits)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>B − A: layer %1 · head %2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>probability B − A</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>query %1 → key %2
masked</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>query %1 → key %2
A %3, B %4, B − A %5</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Expert-set agreement A↔B (Jaccard)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Jaccard</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Load shift B − A (share of tokens)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>share B − A</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Co-activation change, layer %1 (B − A)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>A: %1 tokens · B: %2 tokens</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Tokens routed differently in at least one MoE layer: %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Per-token agreement unavailable: %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>layer %1: Jaccard %2, changed %3, entropy A %4 / B %5, never hit in A: %6, in B: %7</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>digits</source>
            <translation>digits</translation>
        </message>
        <message>
            <source>operators</source>
            <translation>operators</translation>
        </message>
        <message>
            <source>words</source>
            <translation>words</translation>
        </message>
        <message>
            <source>spaces/punctuation</source>
            <translation>spaces/punctuation</translation>
        </message>
        <message>
            <source>code</source>
            <translation>code</translation>
        </message>
        <message>
            <source>special</source>
            <translation>special</translation>
        </message>
        <message>
            <source>Token kinds need the per-token routing and the model&apos;s tokenizer (run a prompt or a data set)</source>
            <translation>Token kinds need the per-token routing and the model&apos;s tokenizer (run a prompt or a data set)</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation>%1 (%2)</translation>
        </message>
        <message>
            <source>Which experts take which tokens, layer %1: I(kind; expert) = %2 of %3 bits</source>
            <translation>Which experts take which tokens, layer %1: I(kind; expert) = %2 of %3 bits</translation>
        </message>
        <message>
            <source>token kind (tokens)</source>
            <translation>token kind (tokens)</translation>
        </message>
        <message>
            <source>share of the kind&apos;s tokens</source>
            <translation>share of the kind&apos;s tokens</translation>
        </message>
        <message>
            <source>Layer %1, %2: %3 of %4 tokens chose expert %5 (%6)</source>
            <translation>Layer %1, %2: %3 of %4 tokens chose expert %5 (%6)</translation>
        </message>
        <message>
            <source>How much the chosen experts tell about the kind of token: I(kind; expert), bits (at most H(kind)); then the expert each kind uses most and its share of that kind&apos;s tokens.</source>
            <translation>How much the chosen experts tell about the kind of token: I(kind; expert), bits (at most H(kind)); then the expert each kind uses most and its share of that kind&apos;s tokens.</translation>
        </message>
        <message>
            <source>%1 → e%2 (%3)</source>
            <translation>%1 → e%2 (%3)</translation>
        </message>
        <message>
            <source>layer %1: I = %2 of %3 bits; %4</source>
            <translation>layer %1: I = %2 of %3 bits; %4</translation>
        </message>
    </context>
    <context>
        <name>InspectController</name>
        <message>
            <source>reading the prompt</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>routing</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>comparing</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>opening the model</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>%1: %2 of %3 %4</source>
            <translation type="unfinished"></translation>
        </message>
        <message numerus="yes">
            <source>Attention of %n token(s), %1 layers × %2 heads</source>
            <translation type="unfinished">
                <numerusform></numerusform>
                <numerusform></numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Routing of %n token(s)</source>
            <translation type="unfinished">
                <numerusform></numerusform>
                <numerusform></numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Attention of A and B compared on %n token(s)</source>
            <translation type="unfinished">
                <numerusform></numerusform>
                <numerusform></numerusform>
            </translation>
        </message>
        <message>
            <source>Routing compared: %1% of the tokens routed differently</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Routing compared (aggregates only: %1)</source>
            <translation type="unfinished"></translation>
        </message>
        <message numerus="yes">
            <source>Stored routing run %1: %n token(s)</source>
            <translation type="unfinished">
                <numerusform></numerusform>
                <numerusform></numerusform>
            </translation>
        </message>
        <message>
            <source>Stored run %1 (%2 tokens in %3 documents). Show it, or select two runs to compare.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Exported to %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Export the routing run</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>JSON (*.json);;CSV (*.csv)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>A text or JSONL data set</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Text or JSONL (*.txt *.md *.raw *.jsonl *.ndjson);;All files (*)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>A job is already running; cancel it or wait for it to finish.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Choose a model to inspect (open one in Models, or browse to a folder).</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Choose a model to compare with.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Type a prompt, or read one from a text file.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Cancelled.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Inspect attention: %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Inspect routing: %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Compare attention: %1 vs %2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Compare routing: %1 vs %2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Choose a text or JSONL file for the data-set run.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>The results database is not open, so a data-set run cannot be stored.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Routing over %1: %2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Show routing run %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Compare routing runs %1 and %2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Export routing run %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Save the chart</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>PNG image (*.png);;SVG drawing (*.svg)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Export failed</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Save the chart&apos;s data</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>CSV (*.csv);;JSON (*.json)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Chart saved to %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Data saved to %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Inspect view</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Inspect · %1 · prompt: “%2”</source>
            <translation type="unfinished"></translation>
        </message>
        <message numerus="yes">
            <source>%n view(s) added to the next benchmark report</source>
            <translation type="unfinished">
                <numerusform></numerusform>
                <numerusform></numerusform>
            </translation>
        </message>
        <message>
            <source>Read the prompt from a text file</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Text files (*.txt *.md *.raw);;All files (*)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>%1: cannot open: %2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>%1 is larger than 4 MiB; use the Data set tab for whole data sets.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Prompt read from %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>The model to compare with</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>The model to inspect</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>%1 + %2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>A PEFT adapter folder (adapter_config.json, adapter_model.safetensors)</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>InspectPage</name>
        <message>
            <source>Inspect</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>What a model attends to and where its MoE layers send each token — and how two versions differ</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Model</source>
            <translation>Model</translation>
        </message>
        <message>
            <source>Compare with</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>Browse…</translation>
        </message>
        <message>
            <source>Text file…</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Run</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>A prompt to inspect (or read one from a text file)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>— none —</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Attention</source>
            <translation>Attention</translation>
        </message>
        <message>
            <source>Routing</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Compare</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Data set</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Runs the current tab&apos;s view: attention, routing, or the comparison with the second model</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Attach a PEFT adapter…</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>No adapter</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Adapter…</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Attach a PEFT LoRA adapter folder to this model: attention and routing are then the adapted model&apos;s</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>+ %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Adapter attached: %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>with adapter %1</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>InspectWorker</name>
        <message>
            <source>Choose a model to inspect.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>%1 has no tokenizer, so it cannot take a text prompt: %2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Cancelled before it started.</source>
            <translation>Cancelled before it started.</translation>
        </message>
        <message>
            <source>%1 + adapter %2</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>JobRunner</name>
        <message>
            <source>Cancelled before it started.</source>
            <translation>Cancelled before it started.</translation>
        </message>
        <message numerus="yes">
            <source>CPU (%n hardware threads)</source>
            <translation>
                <numerusform>CPU (%n hardware thread)</numerusform>
                <numerusform>CPU (%n hardware threads)</numerusform>
            </translation>
        </message>
        <message>
            <source>This build has no CUDA support.</source>
            <translation>This build has no CUDA support.</translation>
        </message>
        <message>
            <source>No CUDA device found.</source>
            <translation>No CUDA device found.</translation>
        </message>
    </context>
    <context>
        <name>JobTableModel</name>
        <message>
            <source>Queued</source>
            <translation>Queued</translation>
        </message>
        <message>
            <source>Running</source>
            <translation>Running</translation>
        </message>
        <message>
            <source>Succeeded</source>
            <translation>Succeeded</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>Failed</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>Cancelled</translation>
        </message>
        <message>
            <source>Load</source>
            <translation>Load</translation>
        </message>
        <message>
            <source>Hash</source>
            <translation>Hash</translation>
        </message>
        <message>
            <source>Generate</source>
            <translation>Generate</translation>
        </message>
        <message>
            <source>Benchmark</source>
            <translation>Benchmark</translation>
        </message>
        <message>
            <source>Perplexity</source>
            <translation>Perplexity</translation>
        </message>
        <message>
            <source>Job</source>
            <translation>Job</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>State</source>
            <translation>State</translation>
        </message>
        <message>
            <source>Progress</source>
            <translation>Progress</translation>
        </message>
        <message>
            <source>ETA</source>
            <translation>ETA</translation>
        </message>
        <message>
            <source>Started</source>
            <translation>Started</translation>
        </message>
        <message>
            <source>Duration</source>
            <translation>Duration</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>Result</translation>
        </message>
    </context>
    <context>
        <name>JobsController</name>
        <message>
            <source>Opening</source>
            <translation>Opening</translation>
        </message>
        <message>
            <source>Preparing weights</source>
            <translation>Preparing weights</translation>
        </message>
        <message>
            <source>Hashing</source>
            <translation>Hashing</translation>
        </message>
        <message>
            <source>Reading the prompt</source>
            <translation>Reading the prompt</translation>
        </message>
        <message>
            <source>Generating</source>
            <translation>Generating</translation>
        </message>
        <message>
            <source>%1 · %2 of %3</source>
            <translation>%1 · %2 of %3</translation>
        </message>
        <message>
            <source>%1 · %2 of %3 tokens</source>
            <translation>%1 · %2 of %3 tokens</translation>
        </message>
        <message>
            <source>%1 · step %2 of %3</source>
            <translation>%1 · step %2 of %3</translation>
        </message>
        <message numerus="yes">
            <source> (+%n more)</source>
            <translation>
                <numerusform> (+%n more)</numerusform>
                <numerusform> (+%n more)</numerusform>
            </translation>
        </message>
        <message>
            <source>No jobs running</source>
            <translation>No jobs running</translation>
        </message>
        <message>
            <source>Select a job to see its details.</source>
            <translation>Select a job to see its details.</translation>
        </message>
        <message>
            <source>Model: %1</source>
            <translation>Model: %1</translation>
        </message>
        <message>
            <source>History database: %1</source>
            <translation>History database: %1</translation>
        </message>
        <message numerus="yes">
            <source>%n interrupted job(s) marked as failed</source>
            <translation>
                <numerusform>%n interrupted job marked as failed</numerusform>
                <numerusform>%n interrupted jobs marked as failed</numerusform>
            </translation>
        </message>
        <message>
            <source>History is unavailable: %1</source>
            <translation>History is unavailable: %1</translation>
        </message>
        <message>
            <source>Benchmarking</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Measuring perplexity</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Sampling</source>
            <translation>Sampling</translation>
        </message>
        <message>
            <source>%1 · repetition %2 of %3</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Load %1</source>
            <translation>Load %1</translation>
        </message>
        <message>
            <source>SHA-256 of %1</source>
            <translation>SHA-256 of %1</translation>
        </message>
        <message>
            <source>Generate with %1</source>
            <translation>Generate with %1</translation>
        </message>
        <message>
            <source>Benchmark (%1) of %2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Load %1 + adapter %2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Serve %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Quantize %1 (%2)</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>JobsPage</name>
        <message>
            <source>Jobs</source>
            <translation>Jobs</translation>
        </message>
        <message>
            <source>Running and queued work, and the history shared with dsw-cli.</source>
            <translation>Running and queued work, and the history shared with dsw-cli.</translation>
        </message>
        <message>
            <source>Cancel job</source>
            <translation>Cancel job</translation>
        </message>
        <message>
            <source>Stop the selected job; it ends as cancelled and leaves nothing half-written.</source>
            <translation>Stop the selected job; it ends as cancelled and leaves nothing half-written.</translation>
        </message>
        <message>
            <source>Refresh history</source>
            <translation>Refresh history</translation>
        </message>
        <message>
            <source>Reload the history from the database (includes runs of dsw-cli).</source>
            <translation>Reload the history from the database (includes runs of dsw-cli).</translation>
        </message>
    </context>
    <context>
        <name>LogView</name>
        <message>
            <source>Trace</source>
            <translation>Trace</translation>
        </message>
        <message>
            <source>Debug</source>
            <translation>Debug</translation>
        </message>
        <message>
            <source>Info</source>
            <translation>Info</translation>
        </message>
        <message>
            <source>Warning</source>
            <translation>Warning</translation>
        </message>
        <message>
            <source>Error</source>
            <translation>Error</translation>
        </message>
        <message>
            <source>Show from level:</source>
            <translation>Show from level:</translation>
        </message>
        <message>
            <source>Clear the log</source>
            <translation>Clear the log</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>Clear</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>DeepSeek Workbench</source>
            <translation>DeepSeek Workbench</translation>
        </message>
        <message>
            <source>Log</source>
            <translation>Log</translation>
        </message>
        <message>
            <source>Models</source>
            <translation>Models</translation>
        </message>
        <message>
            <source>Playground</source>
            <translation>Playground</translation>
        </message>
        <message>
            <source>Jobs</source>
            <translation>Jobs</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>Settings</translation>
        </message>
        <message>
            <source>Benchmarks</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Inspect</source>
            <translation></translation>
        </message>
        <message>
            <source>Serve</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Quantize</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Fine-tune</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>ModelCard</name>
        <message>
            <source>%1 · on %2</source>
            <translation>%1 · on %2</translation>
        </message>
        <message>
            <source>Untrained demo model (random weights): it has the real architecture, but its text is noise.</source>
            <translation>Untrained demo model (random weights): it has the real architecture, but its text is noise.</translation>
        </message>
        <message>
            <source>Overview</source>
            <translation>Overview</translation>
        </message>
        <message>
            <source>Architecture</source>
            <translation>Architecture</translation>
        </message>
        <message>
            <source>Format</source>
            <translation>Format</translation>
        </message>
        <message>
            <source>Parameters</source>
            <translation>Parameters</translation>
        </message>
        <message>
            <source>%1 total</source>
            <translation>%1 total</translation>
        </message>
        <message>
            <source>Active per token</source>
            <translation>Active per token</translation>
        </message>
        <message>
            <source>Layers</source>
            <translation>Layers</translation>
        </message>
        <message>
            <source>Hidden size</source>
            <translation>Hidden size</translation>
        </message>
        <message>
            <source>%1 (feed-forward %2)</source>
            <translation>%1 (feed-forward %2)</translation>
        </message>
        <message>
            <source>Vocabulary</source>
            <translation>Vocabulary</translation>
        </message>
        <message>
            <source>%1 tokens</source>
            <translation>%1 tokens</translation>
        </message>
        <message>
            <source>Context</source>
            <translation>Context</translation>
        </message>
        <message>
            <source>%1 positions</source>
            <translation>%1 positions</translation>
        </message>
        <message>
            <source>θ %1</source>
            <translation>θ %1</translation>
        </message>
        <message>
            <source>, %1 scaling ×%2</source>
            <translation>, %1 scaling ×%2</translation>
        </message>
        <message>
            <source>Rotary embedding</source>
            <translation>Rotary embedding</translation>
        </message>
        <message>
            <source>Attention</source>
            <translation>Attention</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>Multi-head latent attention (MLA)</source>
            <translation>Multi-head latent attention (MLA)</translation>
        </message>
        <message>
            <source>Heads</source>
            <translation>Heads</translation>
        </message>
        <message>
            <source>Query rank</source>
            <translation>Query rank</translation>
        </message>
        <message>
            <source>full (no compression)</source>
            <translation>full (no compression)</translation>
        </message>
        <message>
            <source>Key/value rank</source>
            <translation>Key/value rank</translation>
        </message>
        <message>
            <source>Head dimensions</source>
            <translation>Head dimensions</translation>
        </message>
        <message>
            <source>q/k %1 + %2 rotary, v %3</source>
            <translation>q/k %1 + %2 rotary, v %3</translation>
        </message>
        <message>
            <source>Grouped-query attention</source>
            <translation>Grouped-query attention</translation>
        </message>
        <message>
            <source>Multi-head attention</source>
            <translation>Multi-head attention</translation>
        </message>
        <message>
            <source>%1 query, %2 key/value</source>
            <translation>%1 query, %2 key/value</translation>
        </message>
        <message>
            <source>Head dimension</source>
            <translation>Head dimension</translation>
        </message>
        <message>
            <source>Experts and routing</source>
            <translation>Experts and routing</translation>
        </message>
        <message>
            <source>Routed experts</source>
            <translation>Routed experts</translation>
        </message>
        <message>
            <source>Shared experts</source>
            <translation>Shared experts</translation>
        </message>
        <message>
            <source>Experts per token</source>
            <translation>Experts per token</translation>
        </message>
        <message>
            <source>Expert width</source>
            <translation>Expert width</translation>
        </message>
        <message>
            <source>Dense layers first</source>
            <translation>Dense layers first</translation>
        </message>
        <message>
            <source>Router</source>
            <translation>Router</translation>
        </message>
        <message>
            <source>%1 scores, %2 selection</source>
            <translation>%1 scores, %2 selection</translation>
        </message>
        <message>
            <source>Groups</source>
            <translation>Groups</translation>
        </message>
        <message>
            <source>%1 groups, best %2 kept</source>
            <translation>%1 groups, best %2 kept</translation>
        </message>
        <message>
            <source>Routed scale</source>
            <translation>Routed scale</translation>
        </message>
        <message>
            <source> (weights normalised)</source>
            <translation> (weights normalised)</translation>
        </message>
        <message>
            <source>Files and types</source>
            <translation>Files and types</translation>
        </message>
        <message>
            <source>Type %1</source>
            <translation>Type %1</translation>
        </message>
        <message>
            <source>(unsupported)</source>
            <translation>(unsupported)</translation>
        </message>
        <message numerus="yes">
            <source>%n tensor(s), %1</source>
            <translation>
                <numerusform>%n tensor, %1</numerusform>
                <numerusform>%n tensors, %1</numerusform>
            </translation>
        </message>
        <message>
            <source>Size on disk</source>
            <translation>Size on disk</translation>
        </message>
        <message>
            <source>%1 bytes</source>
            <translation>%1 bytes</translation>
        </message>
        <message>
            <source>Weights file</source>
            <translation>Weights file</translation>
        </message>
        <message>
            <source>Tokenizer</source>
            <translation>Tokenizer</translation>
        </message>
        <message>
            <source>none found</source>
            <translation>none found</translation>
        </message>
        <message>
            <source>failed: %1</source>
            <translation>failed: %1</translation>
        </message>
        <message>
            <source>Chat format</source>
            <translation>Chat format</translation>
        </message>
        <message>
            <source>%1 (from the tokenizer&apos;s template)</source>
            <translation>%1 (from the tokenizer&apos;s template)</translation>
        </message>
        <message>
            <source>%1 (from the architecture)</source>
            <translation>%1 (from the architecture)</translation>
        </message>
        <message>
            <source>Memory</source>
            <translation>Memory</translation>
        </message>
        <message>
            <source>needs about %1</source>
            <translation>needs about %1</translation>
        </message>
        <message>
            <source> · %1 free of %2</source>
            <translation> · %1 free of %2</translation>
        </message>
        <message>
            <source> · does not fit</source>
            <translation> · does not fit</translation>
        </message>
        <message>
            <source>CPU</source>
            <translation>CPU</translation>
        </message>
        <message>
            <source>Cache per token</source>
            <translation>Cache per token</translation>
        </message>
        <message>
            <source>Playground context</source>
            <translation>Playground context</translation>
        </message>
        <message>
            <source>Integrity</source>
            <translation>Integrity</translation>
        </message>
        <message>
            <source>SHA-256</source>
            <translation>SHA-256</translation>
        </message>
        <message>
            <source>not computed yet</source>
            <translation>not computed yet</translation>
        </message>
        <message>
            <source>computing… (see Jobs)</source>
            <translation>computing… (see Jobs)</translation>
        </message>
        <message numerus="yes">
            <source>CPU · %n thread(s)</source>
            <translation>
                <numerusform>CPU · %n thread</numerusform>
                <numerusform>CPU · %n threads</numerusform>
            </translation>
        </message>
        <message>
            <source>LoRA adapter</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Adapter</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Adapted</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>%1 of %2 Linear modules</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>experts adapted %1/%2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Adapter parameters</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Trained on</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>ModelWorker</name>
        <message>
            <source>The model is not loaded.</source>
            <translation>The model is not loaded.</translation>
        </message>
        <message>
            <source>This model has no tokenizer, so it cannot generate text.</source>
            <translation>This model has no tokenizer, so it cannot generate text.</translation>
        </message>
        <message>
            <source>Cancelled before it started.</source>
            <translation>Cancelled before it started.</translation>
        </message>
    </context>
    <context>
        <name>ModelsController</name>
        <message>
            <source>Open a model folder</source>
            <translation>Open a model folder</translation>
        </message>
        <message>
            <source>Open a model file</source>
            <translation>Open a model file</translation>
        </message>
        <message>
            <source>Models (*.safetensors *.gguf *.bin);;All files (*)</source>
            <translation>Models (*.safetensors *.gguf *.bin);;All files (*)</translation>
        </message>
        <message>
            <source>%1 parameters on %2</source>
            <translation>%1 parameters on %2</translation>
        </message>
        <message>
            <source>The file is damaged or is not a model the workbench understands.</source>
            <translation>The file is damaged or is not a model the workbench understands.</translation>
        </message>
        <message>
            <source>This model uses something the workbench does not support yet.</source>
            <translation>This model uses something the workbench does not support yet.</translation>
        </message>
        <message>
            <source>The model&apos;s files could not be read.</source>
            <translation>The model&apos;s files could not be read.</translation>
        </message>
        <message>
            <source>There is not enough memory to load this model.</source>
            <translation>There is not enough memory to load this model.</translation>
        </message>
        <message>
            <source>The device reported an error.</source>
            <translation>The device reported an error.</translation>
        </message>
        <message>
            <source>The model could not be opened.</source>
            <translation>The model could not be opened.</translation>
        </message>
        <message>
            <source>Could not open the model</source>
            <translation>Could not open the model</translation>
        </message>
        <message>
            <source>CPU</source>
            <translation>CPU</translation>
        </message>
        <message>
            <source>%1 · %2 free</source>
            <translation>%1 · %2 free</translation>
        </message>
        <message>
            <source>%1 is not a model file. Open a Hugging Face model folder, or a .safetensors, .gguf or llama2.c .bin file.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>generating text and running a benchmark</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>generating text</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>running a benchmark</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Close the model?</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>%1 is %2.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Closing it stops that work; what it produced so far is kept.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Close model</source>
            <translation>Close model</translation>
        </message>
        <message>
            <source>Keep it open</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Load a PEFT LoRA adapter onto %1</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>ModelsPage</name>
        <message>
            <source>Models</source>
            <translation>Models</translation>
        </message>
        <message>
            <source>Open checkpoints, read their card and tensors, and choose where they run.</source>
            <translation>Open checkpoints, read their card and tensors, and choose where they run.</translation>
        </message>
        <message>
            <source>Run on</source>
            <translation>Run on</translation>
        </message>
        <message>
            <source>Threads</source>
            <translation>Threads</translation>
        </message>
        <message>
            <source>Auto</source>
            <translation>Auto</translation>
        </message>
        <message>
            <source>CPU threads for new models; Auto leaves one core to the interface.</source>
            <translation>CPU threads for new models; Auto leaves one core to the interface.</translation>
        </message>
        <message>
            <source>Open folder…</source>
            <translation>Open folder…</translation>
        </message>
        <message>
            <source>Open a Hugging Face model folder (config.json and safetensors).</source>
            <translation>Open a Hugging Face model folder (config.json and safetensors).</translation>
        </message>
        <message>
            <source>Open file…</source>
            <translation>Open file…</translation>
        </message>
        <message>
            <source>Open a .safetensors, .gguf or llama2.c .bin file.</source>
            <translation>Open a .safetensors, .gguf or llama2.c .bin file.</translation>
        </message>
        <message>
            <source>OPEN MODELS</source>
            <translation>OPEN MODELS</translation>
        </message>
        <message>
            <source>Close model</source>
            <translation>Close model</translation>
        </message>
        <message>
            <source>RECENT</source>
            <translation>RECENT</translation>
        </message>
        <message>
            <source>Double-click to open again.</source>
            <translation>Double-click to open again.</translation>
        </message>
        <message>
            <source>No model open</source>
            <translation>No model open</translation>
        </message>
        <message>
            <source>Model card</source>
            <translation>Model card</translation>
        </message>
        <message>
            <source>Tensors</source>
            <translation>Tensors</translation>
        </message>
        <message>
            <source>Compute SHA-256</source>
            <translation>Compute SHA-256</translation>
        </message>
        <message>
            <source>Hash every weight file as a job you can follow and cancel in Jobs.</source>
            <translation>Hash every weight file as a job you can follow and cancel in Jobs.</translation>
        </message>
        <message>
            <source>Chat with this model</source>
            <translation>Chat with this model</translation>
        </message>
        <message>
            <source>OPEN A REAL MODEL</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>This bundled model only demonstrates the workbench. Open a real checkpoint with Open file… (a .safetensors, .gguf or llama2.c .bin file) or Open folder… (a Hugging Face folder with config.json), or drop it anywhere on this window. Several models can be open at once.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Drop a model folder, a .safetensors, .gguf or llama2.c .bin file here,
or open one from disk.</source>
            <translation>Drop a model folder, a .safetensors, .gguf or llama2.c .bin file here,
or open one from disk.</translation>
        </message>
        <message>
            <source>Load adapter…</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Open a PEFT LoRA adapter folder onto this model, beside it; the card shows which modules it adapts.</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>PlaygroundController</name>
        <message>
            <source>Export the conversation</source>
            <translation>Export the conversation</translation>
        </message>
        <message>
            <source>Markdown (*.md);;JSON (*.json)</source>
            <translation>Markdown (*.md);;JSON (*.json)</translation>
        </message>
        <message>
            <source>The model was closed.</source>
            <translation>The model was closed.</translation>
        </message>
        <message>
            <source>Open a model in Models to start.</source>
            <translation>Open a model in Models to start.</translation>
        </message>
        <message>
            <source>This model has no tokenizer, so it cannot generate text.</source>
            <translation>This model has no tokenizer, so it cannot generate text.</translation>
        </message>
        <message>
            <source>%1 is an untrained demo model (random weights): expect noise, not answers — everything else works as with a real model.</source>
            <translation>%1 is an untrained demo model (random weights): expect noise, not answers — everything else works as with a real model.</translation>
        </message>
        <message numerus="yes">
            <source>%n token(s)</source>
            <translation>
                <numerusform>%n token</numerusform>
                <numerusform>%n tokens</numerusform>
            </translation>
        </message>
        <message>
            <source>end of text</source>
            <translation>end of text</translation>
        </message>
        <message>
            <source>token limit</source>
            <translation>token limit</translation>
        </message>
        <message>
            <source>full context</source>
            <translation>full context</translation>
        </message>
        <message>
            <source>stop text</source>
            <translation>stop text</translation>
        </message>
        <message>
            <source>you (stopped)</source>
            <translation>you (stopped)</translation>
        </message>
        <message>
            <source>%1 tokens/s</source>
            <translation>%1 tokens/s</translation>
        </message>
        <message>
            <source>Generation failed: %1</source>
            <translation>Generation failed: %1</translation>
        </message>
        <message>
            <source>Prompt</source>
            <translation>Prompt</translation>
        </message>
        <message>
            <source>You</source>
            <translation>You</translation>
        </message>
        <message>
            <source>Continuation</source>
            <translation>Continuation</translation>
        </message>
        <message>
            <source>Assistant</source>
            <translation>Assistant</translation>
        </message>
        <message>
            <source>System</source>
            <translation>System</translation>
        </message>
        <message>
            <source>The conversation appears here. Pick a model and type below.</source>
            <translation>The conversation appears here. Pick a model and type below.</translation>
        </message>
        <message>
            <source>Conversation</source>
            <translation>Conversation</translation>
        </message>
        <message>
            <source>%1 is generating; Send is available again when it finishes.</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>PlaygroundPage</name>
        <message>
            <source>Playground</source>
            <translation>Playground</translation>
        </message>
        <message>
            <source>Chat with a model or let it continue a text, and see what it considered at every token.</source>
            <translation>Chat with a model or let it continue a text, and see what it considered at every token.</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>Model</translation>
        </message>
        <message>
            <source>Mode</source>
            <translation>Mode</translation>
        </message>
        <message>
            <source>Chat</source>
            <translation>Chat</translation>
        </message>
        <message>
            <source>Completion</source>
            <translation>Completion</translation>
        </message>
        <message>
            <source>Chat formats the conversation with the model&apos;s chat template; Completion continues your text as is.</source>
            <translation>Chat formats the conversation with the model&apos;s chat template; Completion continues your text as is.</translation>
        </message>
        <message>
            <source>TOKENS OF THE LAST REPLY — hover a token for its probability and the top 5 alternatives</source>
            <translation>TOKENS OF THE LAST REPLY — hover a token for its probability and the top 5 alternatives</translation>
        </message>
        <message>
            <source>Shade by probability</source>
            <translation>Shade by probability</translation>
        </message>
        <message>
            <source>Type a message…</source>
            <translation>Type a message…</translation>
        </message>
        <message>
            <source>Send</source>
            <translation>Send</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>Stop</translation>
        </message>
        <message>
            <source>Stop generating; the text so far is kept.</source>
            <translation>Stop generating; the text so far is kept.</translation>
        </message>
        <message>
            <source>Ctrl+Enter sends. Generation runs in the background; the window stays responsive.</source>
            <translation>Ctrl+Enter sends. Generation runs in the background; the window stays responsive.</translation>
        </message>
        <message>
            <source>Speed</source>
            <translation>Speed</translation>
        </message>
        <message>
            <source>First token</source>
            <translation>First token</translation>
        </message>
        <message>
            <source>Prompt</source>
            <translation>Prompt</translation>
        </message>
        <message>
            <source>Generated</source>
            <translation>Generated</translation>
        </message>
        <message>
            <source>Stopped by</source>
            <translation>Stopped by</translation>
        </message>
        <message>
            <source>tokens</source>
            <translation>tokens</translation>
        </message>
        <message>
            <source>Sampling</source>
            <translation>Sampling</translation>
        </message>
        <message>
            <source>Temperature</source>
            <translation>Temperature</translation>
        </message>
        <message>
            <source>Top-k</source>
            <translation>Top-k</translation>
        </message>
        <message>
            <source>off</source>
            <translation>off</translation>
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
            <translation>Repetition penalty</translation>
        </message>
        <message>
            <source>Max new tokens</source>
            <translation>Max new tokens</translation>
        </message>
        <message>
            <source>Seed</source>
            <translation>Seed</translation>
        </message>
        <message>
            <source>random</source>
            <translation>random</translation>
        </message>
        <message>
            <source>System prompt</source>
            <translation>System prompt</translation>
        </message>
        <message>
            <source>Optional instructions for the assistant</source>
            <translation>Optional instructions for the assistant</translation>
        </message>
        <message>
            <source>Conversation</source>
            <translation>Conversation</translation>
        </message>
        <message>
            <source>Copy</source>
            <translation>Copy</translation>
        </message>
        <message>
            <source>Copy the conversation as text</source>
            <translation>Copy the conversation as text</translation>
        </message>
        <message>
            <source>Export…</source>
            <translation>Export…</translation>
        </message>
        <message>
            <source>Save the conversation as JSON or Markdown</source>
            <translation>Save the conversation as JSON or Markdown</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>Clear</translation>
        </message>
        <message>
            <source>Start a new conversation</source>
            <translation>Start a new conversation</translation>
        </message>
        <message>
            <source>Greedy decoding</source>
            <translation>Greedy decoding</translation>
        </message>
        <message>
            <source>Always take the most likely token; the sampling settings below are then ignored.</source>
            <translation>Always take the most likely token; the sampling settings below are then ignored.</translation>
        </message>
        <message>
            <source>Show special tokens</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Show raw special tokens such as &lt;|place_holder_no_508|&gt; in the transcript and the token view.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>tokens per second (decode, averaged since the first token)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>tokens/s</source>
            <translation>tokens/s</translation>
        </message>
    </context>
    <context>
        <name>QuantizeController</name>
        <message>
            <source>Calibration text</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Text or JSONL (*.txt *.jsonl *.md);;All files (*)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Evaluation text</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Text files (*.txt *.md *.raw);;All files (*)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Output folder</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Output file</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>GGUF (*.gguf)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Quantization report</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Quantization reports (*.quant.json);;JSON (*.json)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Open the model to quantize in the Models area.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Choose where to write the quantized model.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>The output would replace the original; choose another path.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>GPTQ and AWQ scaling need a calibration text: choose a .txt or .jsonl file.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>The evaluation text %1 does not exist.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Waiting to start…</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Cancelling… the job stops after the Linear it is working on.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Opening the model…</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Quantizing</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Layer %1 of %2 quantized</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>All layers quantized</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Writing</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Writing %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Measuring quality</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Measuring quality: window %1 of %2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Hashing the written model…</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>The quantization was cancelled; nothing was written.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>The quantization failed: %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Wrote %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Δppl %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Wrote %1, but the quality measurement failed: %2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Could not read %1: %2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>%1 is not a quantization report: %2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Loaded from a report; run the quality suite in Benchmarks or quantize again with an evaluation text.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Showing the report %1</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>QuantizeForm</name>
        <message>
            <source>about %1 left</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Quantize a model</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Model</source>
            <translation>Model</translation>
        </message>
        <message>
            <source>Method</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Stored as</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Options</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Calibration</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Sequences / tokens</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Quantize</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Keep as is</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Output format</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Output</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Evaluation text</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>RTN (round to nearest)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>GPTQ (calibrated)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>RTN rounds each group from the weights alone; GPTQ uses the calibration text to push each column&apos;s rounding error onto the columns not yet quantized.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Act-order</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>GPTQ: quantize the columns with the largest activations first</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>INT4 (Q4_0 blocks)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>INT8 (Q8_0 blocks)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Q4_K_M mix (Q4_K, Q6_K)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>group 32</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>group 64</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>group 128</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>per channel</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Input columns that share one scale</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Zero point (asymmetric)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Codes with a zero point per group instead of a symmetric scale (INT4: Q4_1 blocks)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>AWQ scaling</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Activation-aware scaling of input channels before rounding (needs calibration text)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Activation-aware scaling is not available in this build</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>a .txt or .jsonl file (GPTQ needs one)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>Browse…</translation>
        </message>
        <message>
            <source>Calibration sequences</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Tokens per calibration sequence</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Attention</source>
            <translation>Attention</translation>
        </message>
        <message>
            <source>MLP and experts</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Output head (8-bit)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Embedding</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Attention projections (MLA: q, q_a, q_b, kv_a, kv_b and o)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Dense MLPs, shared and routed experts. Routers are never quantized.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>names to keep, comma separated (e.g. layers.0., down_proj)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>GGUF (runs here and in llama.cpp)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Safetensors folder (GPTQ layout)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>where to write the quantized model</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>a text to measure Δppl, KL and agreement on (optional)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Context of the quality measurement</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Open the result beside the original</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Runs as a job; the report is written beside the output.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>QuantizePage</name>
        <message>
            <source>Quantize</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Turn a model&apos;s weights into 8- or 4-bit codes (RTN or GPTQ) and see what it cost: size, perplexity, KL divergence, agreement and routing against the original.</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>QuantizeResultView</name>
        <message>
            <source>Layer</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Routed expert</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Report</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Summary</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Error per layer</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Expert coverage</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Linears</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Open beside the original</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Open the quantized model in the Models area (it can then run in the Playground, Benchmarks and Inspect)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Compare in Benchmarks</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Show the stored quality measurement in the Benchmarks area</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Load report…</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Show the report (.quant.json) written beside an earlier output</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>No result yet</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Quantize a model with the form, or load the report (.quant.json) written beside an earlier output.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Dense model: no routed experts, so no coverage map.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Calibration tokens per routed expert (log scale). Every expert received tokens.</source>
            <translation type="unfinished"></translation>
        </message>
        <message numerus="yes">
            <source>Calibration tokens per routed expert (log scale). %n expert(s) received none and were quantized with RTN (red).</source>
            <translation type="unfinished">
                <numerusform></numerusform>
                <numerusform></numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>QuantizeView</name>
        <message>
            <source>%1× smaller</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Δppl %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>KL %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>top-1 %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>routing %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Job</source>
            <translation>Job</translation>
        </message>
        <message>
            <source>Original</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Written to</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Format: %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Scheme</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Method</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Calibration</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>%1 tokens from %2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Time</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Size</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Weights before</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Weights after</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Ratio</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>File on disk</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Quality against the original</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Perplexity</source>
            <translation>Perplexity</translation>
        </message>
        <message>
            <source>%1 → %2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Original → quantized, on %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Δppl</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>KL divergence (mean)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>nats per token</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>KL divergence (p99)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Top-1 agreement</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Routing agreement (Jaccard)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Routings changed</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Largest layer error</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Measured</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Not measured</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Give an evaluation text to measure Δppl, KL and agreement.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Kept and fallbacks</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Linears quantized</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Kept as they were</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Type fallbacks</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Experts without calibration tokens (RTN)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Output error on the evaluation text</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Largest output error on calibration data</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Largest weight error ‖W − Ŵ‖/‖W‖</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Linear</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Stored as</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Tokens</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Weight error</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Output error</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Note</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>QuantizeWorker</name>
        <message>
            <source>Cancelled before it started.</source>
            <translation>Cancelled before it started.</translation>
        </message>
    </context>
    <context>
        <name>ReportExporter</name>
        <message>
            <source>%1: there are no benchmark runs to report.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>%1: unknown report format (use .html, .pdf, .md, .csv or .json).</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>%1: cannot write: %2</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>RoutingPanel</name>
        <message>
            <source>Per token</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Load</source>
            <translation>Load</translation>
        </message>
        <message>
            <source>Co-activation</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>MoE layer</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Run a prompt on an MoE model (or show a stored data-set run) to see where each token goes.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Stored run %1%2 · %3</source>
            <translation type="unfinished"></translation>
        </message>
        <message numerus="yes">
            <source>Prompt of %n token(s)</source>
            <translation type="unfinished">
                <numerusform></numerusform>
                <numerusform></numerusform>
            </translation>
        </message>
        <message>
            <source>layer %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>This run kept no per-token routing (only its summary)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>tokens in layer %1</source>
            <translation></translation>
        </message>
        <message>
            <source>Token kinds</source>
            <translation>Token kinds</translation>
        </message>
    </context>
    <context>
        <name>ServeController</name>
        <message>
            <source>Not serving.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>A model folder to serve</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Choose a model to serve first.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Serving on %1 would expose the model beyond this machine: set an API key first.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Opening %1…</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Swap to %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Serving %1 at %2 — opening %3 to swap to…</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Serving at %1 (loaded in %2 s)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Serving %1 at %2/v1 — OpenAI base URL; /metrics for Prometheus.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Swapped to %1: loaded in %2 s, the step loop paused %3 ms</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Serving %1 at %2/v1 — swapped in %3 s of loading, %4 ms pause; no request dropped.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Stopped. %1 requests served.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Cancelled.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Failed: %1</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>ServePage</name>
        <message>
            <source>%1 ms</source>
            <translation>%1 ms</translation>
        </message>
        <message>
            <source>%1 finished, %2 failed, %3 refused; %4 swaps</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Serve</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>An OpenAI-compatible server on this machine with dynamic batching: point any OpenAI client at it, watch it under load, swap in a new version without dropping a request.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Model</source>
            <translation>Model</translation>
        </message>
        <message>
            <source>Address</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Port</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>API key</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Policy</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Max batch size</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Max wait</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Tokens in flight</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Context per request</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>CPU threads</source>
            <translation>CPU threads</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>Browse…</translation>
        </message>
        <message>
            <source>A model folder, .safetensors, .gguf or llama2.c file; the models open in the workbench are listed.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>127.0.0.1 keeps the server on this machine; any other address needs an API key.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>0 picks a free port.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>none (this machine only)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>When set, every request must send &quot;Authorization: Bearer KEY&quot;.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>First come, first served</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Longest first</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Shortest first</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Which waiting request gets a free slot first (requests waiting 30 s go first whatever the policy).</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Requests decoded together in one step.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>An idle server holds its first request this long so others can join its batch.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>automatic</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Prompt plus max_tokens summed over running requests; automatic: batch size × context.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Start</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>Stop</translation>
        </message>
        <message>
            <source>Swap to this model</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Open the model in the Model box and switch to it between two steps: requests already running finish on the old version, none is dropped.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>requests/s</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>tokens/s</source>
            <translation>tokens/s</translation>
        </message>
        <message>
            <source>latency P50</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>latency P99</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>batch size</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>queued</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>running</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>served</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Requests per second</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Latency (ms)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Batch size (requests per step)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Queue depth</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>seconds</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>P50</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>P99</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>ServeWorker</name>
        <message>
            <source>The server is not running.</source>
            <translation type="unfinished"></translation>
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
            <translation>Choose the data directory</translation>
        </message>
    </context>
    <context>
        <name>SettingsPage</name>
        <message>
            <source>Settings</source>
            <translation>Settings</translation>
        </message>
        <message>
            <source>Preferences are saved as you change them.</source>
            <translation>Preferences are saved as you change them.</translation>
        </message>
        <message>
            <source>Appearance</source>
            <translation>Appearance</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>Language</translation>
        </message>
        <message>
            <source>Switches at once; no restart needed.</source>
            <translation>Switches at once; no restart needed.</translation>
        </message>
        <message>
            <source>Theme</source>
            <translation>Theme</translation>
        </message>
        <message>
            <source>Light</source>
            <translation>Light</translation>
        </message>
        <message>
            <source>Dark</source>
            <translation>Dark</translation>
        </message>
        <message>
            <source>Engine</source>
            <translation>Engine</translation>
        </message>
        <message>
            <source>Default device</source>
            <translation>Default device</translation>
        </message>
        <message>
            <source>CPU threads</source>
            <translation>CPU threads</translation>
        </message>
        <message>
            <source>Auto</source>
            <translation>Auto</translation>
        </message>
        <message>
            <source>Used when opening models. Auto uses every core but one, so the window stays responsive.</source>
            <translation>Used when opening models. Auto uses every core but one, so the window stays responsive.</translation>
        </message>
        <message>
            <source>Data</source>
            <translation>Data</translation>
        </message>
        <message>
            <source>Data directory</source>
            <translation>Data directory</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>Browse…</translation>
        </message>
        <message>
            <source>The job history database (shared with dsw-cli) lives here. A change applies at the next start; dsw --db PATH overrides it for one run.</source>
            <translation>The job history database (shared with dsw-cli) lives here. A change applies at the next start; dsw --db PATH overrides it for one run.</translation>
        </message>
        <message>
            <source>Database in use</source>
            <translation>Database in use</translation>
        </message>
        <message>
            <source>About</source>
            <translation>About</translation>
        </message>
        <message>
            <source>Version</source>
            <translation>Version</translation>
        </message>
        <message>
            <source>Settings file</source>
            <translation>Settings file</translation>
        </message>
    </context>
    <context>
        <name>SideBySideCompare</name>
        <message>
            <source>A model was closed.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>A: %1
B: %2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>A: %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>B: %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Both models must be open.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Write at least one prompt.</source>
            <translation type="unfinished"></translation>
        </message>
        <message numerus="yes">
            <source>Side by side: %n prompt(s)</source>
            <translation>
                <numerusform>Side by side: %n prompt</numerusform>
                <numerusform>Side by side: %n prompts</numerusform>
            </translation>
        </message>
        <message>
            <source>Stopped.</source>
            <translation type="unfinished"></translation>
        </message>
        <message numerus="yes">
            <source>%n prompt(s) answered by both models.</source>
            <translation>
                <numerusform>%n prompt answered by both models.</numerusform>
                <numerusform>%n prompts answered by both models.</numerusform>
            </translation>
        </message>
        <message>
            <source>Prompt %1 of %2 on %3…</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>SideBySideWindow</name>
        <message>
            <source>Playground — side by side</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Prompts (one per line), sent to both models with greedy decoding:</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Reply length (tokens)</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Run both</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>Stop</translation>
        </message>
        <message>
            <source>Prompt</source>
            <translation>Prompt</translation>
        </message>
        <message>
            <source>Model A</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Model B</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
    <context>
        <name>TensorTableModel</name>
        <message>
            <source>unsupported</source>
            <translation>unsupported</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Shape</source>
            <translation>Shape</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>Bytes</source>
            <translation>Bytes</translation>
        </message>
        <message>
            <source>%1
%2 bytes in %3</source>
            <translation>%1
%2 bytes in %3</translation>
        </message>
    </context>
    <context>
        <name>TokenView</name>
        <message>
            <source>probability %1</source>
            <translation>probability %1</translation>
        </message>
        <message numerus="yes">
            <source>Top %n alternatives</source>
            <translation>
                <numerusform>Top alternative</numerusform>
                <numerusform>Top %n alternatives</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Workbench</name>
        <message>
            <source>Device: %1</source>
            <translation>Device: %1</translation>
        </message>
        <message>
            <source>Device: none (no model open)</source>
            <translation>Device: none (no model open)</translation>
        </message>
        <message>
            <source>Memory in use: %1</source>
            <translation>Memory in use: %1</translation>
        </message>
        <message>
            <source>Device: %1 · Inspect: %2</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Device: %1 (Inspect&apos;s model; none open in Models)</source>
            <translation type="unfinished"></translation>
        </message>
    </context>
</TS>
