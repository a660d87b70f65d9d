// BenchRunForm (see header).
#include "BenchRunForm.h"

#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace {

QSpinBox* spin(QWidget* parent, const char* name, int lo, int hi, int value) {
  auto* s = new QSpinBox(parent);
  s->setObjectName(QLatin1String(name));
  s->setRange(lo, hi);
  s->setValue(value);
  return s;
}

}  // namespace

BenchRunForm::BenchRunForm(QWidget* parent)
    : QGroupBox(parent), m_model(new QComboBox(this)), m_suite(new QComboBox(this)), m_prompt(spin(this, "benchPrompt", 1, 1 << 16, 128)),
      m_gen(spin(this, "benchGen", 1, 1 << 14, 32)), m_batch(spin(this, "benchBatch", 1, 256, 1)), m_reps(spin(this, "benchReps", 1, 100, 3)),
      m_sweep(new QComboBox(this)), m_sweepValues(new QLineEdit(this)), m_file(new QLineEdit(this)), m_browse(new QPushButton(this)),
      m_label(new QLineEdit(this)), m_run(new QPushButton(this)), m_cancel(new QPushButton(this)), m_notice(new QLabel(this)) {
  setObjectName(QStringLiteral("benchRunForm"));
  m_model->setObjectName(QStringLiteral("benchModel"));
  m_model->setProperty("dswData", true);  // model names are data, not interface text
  m_suite->setObjectName(QStringLiteral("benchSuite"));
  for (const char* key : {"speed", "perplexity", "diversity"}) m_suite->addItem(QString(), QLatin1String(key));
  m_sweep->setObjectName(QStringLiteral("benchSweep"));
  // The longest entry ("Speed (prefill, decode, latency, memory)") shows in full in the popup; the
  // closed box may be narrower than it, so the form fits beside the results list.
  for (QComboBox* c : {m_model, m_suite, m_sweep}) {
    c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    c->setMinimumContentsLength(10);
  }
  for (const char* key : {"", "batch", "prompt"}) m_sweep->addItem(QString(), QLatin1String(key));
  m_sweepValues->setObjectName(QStringLiteral("benchSweepValues"));
  m_sweepValues->setText(QStringLiteral("1,2,4"));
  m_sweepValues->setMinimumWidth(90);
  m_file->setObjectName(QStringLiteral("benchFile"));
  m_label->setObjectName(QStringLiteral("benchLabel"));
  m_run->setObjectName(QStringLiteral("primaryButton"));
  m_cancel->setObjectName(QStringLiteral("dangerButton"));
  m_cancel->setEnabled(false);
  m_notice->setObjectName(QStringLiteral("hintLabel"));
  m_notice->setWordWrap(true);

  auto* form = new QFormLayout(this);
  form->setContentsMargins(12, 14, 12, 10);
  form->setVerticalSpacing(6);
  auto row = [&](QWidget* field) {
    auto* label = new QLabel(this);
    m_labels.append(label);
    form->addRow(label, field);
  };
  row(m_model);
  row(m_suite);
  auto* shapes = new QHBoxLayout;
  for (QSpinBox* s : {m_prompt, m_gen}) shapes->addWidget(s);
  auto* shapesBox = new QWidget(this);
  shapesBox->setLayout(shapes);
  shapes->setContentsMargins(0, 0, 0, 0);
  row(shapesBox);
  auto* runs = new QHBoxLayout;
  runs->setContentsMargins(0, 0, 0, 0);
  for (QSpinBox* s : {m_batch, m_reps}) runs->addWidget(s);
  auto* runsBox = new QWidget(this);
  runsBox->setLayout(runs);
  row(runsBox);
  auto* sweep = new QHBoxLayout;
  sweep->setContentsMargins(0, 0, 0, 0);
  sweep->addWidget(m_sweep);
  sweep->addWidget(m_sweepValues, 1);
  auto* sweepBox = new QWidget(this);
  sweepBox->setLayout(sweep);
  row(sweepBox);
  auto* file = new QHBoxLayout;
  file->setContentsMargins(0, 0, 0, 0);
  file->addWidget(m_file, 1);
  file->addWidget(m_browse);
  auto* fileBox = new QWidget(this);
  fileBox->setLayout(file);
  row(fileBox);
  row(m_label);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(m_run, 1);
  buttons->addWidget(m_cancel);
  form->addRow(buttons);
  form->addRow(m_notice);

  connect(m_suite, &QComboBox::currentIndexChanged, this, &BenchRunForm::updateEnabled);
  connect(m_sweep, &QComboBox::currentIndexChanged, this, &BenchRunForm::updateEnabled);
  connect(m_model, &QComboBox::currentIndexChanged, this, &BenchRunForm::updateEnabled);
  connect(m_run, &QPushButton::clicked, this, &BenchRunForm::runRequested);
  connect(m_cancel, &QPushButton::clicked, this, &BenchRunForm::cancelRequested);
  connect(m_browse, &QPushButton::clicked, this, &BenchRunForm::browseRequested);
  retranslateUi();
  updateEnabled();
}

BenchRequest BenchRunForm::request() const {
  BenchRequest r;
  r.suite = m_suite->currentData().toString();
  r.promptTokens = m_prompt->value();
  r.genTokens = m_gen->value();
  r.batch = m_batch->value();
  r.reps = m_reps->value();
  if (r.suite == u"speed") {
    r.sweepParameter = m_sweep->currentData().toString();
    if (!r.sweepParameter.isEmpty()) r.sweepValues = m_sweepValues->text();
  }
  r.textFile = m_file->text().trimmed();
  r.ctx = m_prompt->value();
  r.label = m_label->text().trimmed();
  return r;
}

void BenchRunForm::setRunning(bool running) {
  m_running = running;
  updateEnabled();
}

void BenchRunForm::setNotice(const QString& text) { m_notice->setText(text); }

void BenchRunForm::updateEnabled() {
  const QString suite = m_suite->currentData().toString();
  const bool speed = suite == u"speed";
  m_batch->setEnabled(speed);
  m_reps->setEnabled(speed);
  m_sweep->setEnabled(speed);
  m_sweepValues->setEnabled(speed && !m_sweep->currentData().toString().isEmpty());
  m_file->setEnabled(suite == u"perplexity");
  m_browse->setEnabled(suite == u"perplexity");
  m_gen->setEnabled(suite != u"perplexity");
  m_run->setEnabled(!m_running && m_model->count() > 0);
  m_cancel->setEnabled(m_running);
}

void BenchRunForm::retranslateUi() {
  setTitle(tr("Run a benchmark"));
  const QStringList labels = {tr("Model"), tr("Suite"), tr("Prompt / generated"), tr("Batch / repetitions"),
                              tr("Sweep"), tr("Text file"), tr("Label")};
  for (int i = 0; i < m_labels.size() && i < labels.size(); ++i) m_labels[i]->setText(labels[i]);
  m_suite->setItemText(0, tr("Speed (prefill, decode, latency, memory)"));
  m_suite->setItemText(1, tr("Perplexity on a text file"));
  m_suite->setItemText(2, tr("Diversity of sampled text"));
  m_sweep->setItemText(0, tr("No sweep"));
  m_sweep->setItemText(1, tr("Over batch sizes"));
  m_sweep->setItemText(2, tr("Over prompt lengths"));
  m_sweepValues->setPlaceholderText(tr("values, e.g. 1,2,4"));
  m_prompt->setToolTip(tr("Prompt tokens per sequence (the context for perplexity)"));
  m_gen->setToolTip(tr("Generated tokens per sequence"));
  m_batch->setToolTip(tr("Sequences run together"));
  m_reps->setToolTip(tr("Timed repetitions after one warm-up; their spread decides whether a run is noisy"));
  m_file->setPlaceholderText(tr("a UTF-8 text file"));
  m_browse->setText(tr("Browse…"));
  m_label->setPlaceholderText(tr("e.g. base, q8_0, lora-v2"));
  m_run->setText(tr("Run benchmark"));
  m_run->setToolTip(tr("Runs as a job on the chosen model; the result is stored with dsw-cli's runs."));
  m_cancel->setText(tr("Cancel"));
}

void BenchRunForm::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QGroupBox::changeEvent(event);
}
