<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
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
            <translation type="unfinished">Model</translation>
        </message>
        <message>
            <source>Architecture</source>
            <translation type="unfinished">Architecture</translation>
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
            <translation type="unfinished">Prompt</translation>
        </message>
        <message>
            <source>Generated</source>
            <translation type="unfinished">Generated</translation>
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
            <translation type="unfinished">Perplexity</translation>
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
            <source>noise ± %1</source>
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
    </context>
    <context>
        <name>BenchRunForm</name>
        <message>
            <source>Run a benchmark</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Model</source>
            <translation type="unfinished">Model</translation>
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
            <translation type="unfinished">Browse…</translation>
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
            <source>Runs as a job on the chosen model; the result is stored with dsw-cli's runs.</source>
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
            <translation type="unfinished">The model was closed.</translation>
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
            <source>Benchmark (%1)</source>
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
        <message>
            <source>Stored as result row(s) %1</source>
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
            <source>No sweep runs yet: run the speed suite with a sweep over batch sizes or prompt lengths.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Report written to %1</source>
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
            <translation type="unfinished"></translation>
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
            <translation type="unfinished"></translation>
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
            <source>The run's settings cannot be read: %1</source>
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
            <source>Needs the Inspect area, which this build does not have yet.</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Choose a base model and a data file: the first rows appear here as the run will see them.</source>
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
            <translation type="unfinished"></translation>
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
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Eval / checkpoint every</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Threads</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>MoE balance loss / V3 bias rate</source>
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
            <translation type="unfinished"></translation>
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
            <translation type="unfinished"></translation>
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
            <translation type="unfinished"></translation>
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
            <translation type="unfinished"></translation>
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
            <translation type="unfinished"></translation>
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
            <translation type="unfinished"></translation>
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
            <translation type="unfinished"></translation>
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
            <translation type="unfinished">Sampling</translation>
        </message>
        <message>
            <source>%1 · repetition %2 of %3</source>
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
            <source>%1 (from the tokenizer's template)</source>
            <translation>%1 (from the tokenizer's template)</translation>
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
            <translation type="unfinished">Cancelled before it started.</translation>
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
            <source>Load %1</source>
            <translation>Load %1</translation>
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
            <source>The model's files could not be read.</source>
            <translation>The model's files could not be read.</translation>
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
            <source>SHA-256 of %1</source>
            <translation>SHA-256 of %1</translation>
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
            <source>Load a PEFT LoRA adapter onto %1</source>
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Load %1 + adapter %2</source>
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
            <source>Drop a model folder, a .safetensors, .gguf or llama2.c .bin file here,
or open one from disk.</source>
            <translation>Drop a model folder, a .safetensors, .gguf or llama2.c .bin file here,
or open one from disk.</translation>
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
        <message>
            <source>Generate with %1</source>
            <translation>Generate with %1</translation>
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
            <source>Chat formats the conversation with the model's chat template; Completion continues your text as is.</source>
            <translation>Chat formats the conversation with the model's chat template; Completion continues your text as is.</translation>
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
            <source>tokens per second (decode)</source>
            <translation>tokens per second (decode)</translation>
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
            <source>tokens/s</source>
            <translation>tokens/s</translation>
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
            <translation type="unfinished"></translation>
        </message>
        <message>
            <source>Prompt</source>
            <translation type="unfinished"></translation>
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
            <source>%1
%2 bytes in %3</source>
            <translation>%1
%2 bytes in %3</translation>
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
    </context>
</TS>
