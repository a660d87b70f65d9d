// QuantizeForm (see header).
#include "QuantizeForm.h"

#include "Format.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QVBoxLayout>

namespace {

QSpinBox* spin(QWidget* parent, const char* name, int lo, int hi, int value) {
  auto* s = new QSpinBox(parent);
  s->setObjectName(QLatin1String(name));
  s->setRange(lo, hi);
  s->setValue(value);
  return s;
}

QWidget* hbox(QWidget* parent, std::initializer_list<std::pair<QWidget*, int>> items) {
  auto* box = new QWidget(parent);
  auto* h = new QHBoxLayout(box);
  h->setContentsMargins(0, 0, 0, 0);
  for (const auto& [w, stretch] : items) h->addWidget(w, stretch);
  return box;
}

void setItemEnabled(QComboBox* box, int index, bool enabled) {
  if (auto* m = qobject_cast<QStandardItemModel*>(box->model()))
    if (QStandardItem* item = m->item(index)) item->setEnabled(enabled);
}

}  // namespace

QuantizeForm::QuantizeForm(QWidget* parent)
    : QGroupBox(parent), m_model(new QComboBox(this)), m_method(new QComboBox(this)), m_type(new QComboBox(this)),
      m_group(new QComboBox(this)), m_asym(new QCheckBox(this)), m_actOrder(new QCheckBox(this)), m_awq(new QCheckBox(this)),
      m_calib(new QLineEdit(this)), m_browseCalib(new QPushButton(this)), m_samples(spin(this, "quantCalibSamples", 1, 100000, 32)),
      m_length(spin(this, "quantCalibLength", 2, 65536, 256)), m_attention(new QCheckBox(this)), m_mlp(new QCheckBox(this)),
      m_head(new QCheckBox(this)), m_embedding(new QCheckBox(this)), m_keep(new QLineEdit(this)), m_format(new QComboBox(this)),
      m_out(new QLineEdit(this)), m_browseOut(new QPushButton(this)), m_eval(new QLineEdit(this)), m_browseEval(new QPushButton(this)),
      m_evalCtx(spin(this, "quantEvalCtx", 8, 32768, 256)), m_openResult(new QCheckBox(this)), m_run(new QPushButton(this)),
      m_cancel(new QPushButton(this)), m_progress(new QProgressBar(this)), m_progressLabel(new QLabel(this)), m_notice(new QLabel(this)) {
  setObjectName(QStringLiteral("quantizeForm"));
  m_model->setObjectName(QStringLiteral("quantModel"));
  m_model->setProperty("dswData", true);  // model names are data, not interface text
  m_method->setObjectName(QStringLiteral("quantMethod"));
  for (const char* key : {"rtn", "gptq"}) m_method->addItem(QString(), QLatin1String(key));
  m_type->setObjectName(QStringLiteral("quantType"));
  for (const char* key : {"4", "8", "q4_k_m"}) m_type->addItem(QString(), QLatin1String(key));
  m_group->setObjectName(QStringLiteral("quantGroup"));
  for (int g : {32, 64, 128, 0}) m_group->addItem(QString(), g);
  m_asym->setObjectName(QStringLiteral("quantAsym"));
  m_actOrder->setObjectName(QStringLiteral("quantActOrder"));
  m_awq->setObjectName(QStringLiteral("quantAwq"));
  m_calib->setObjectName(QStringLiteral("quantCalib"));
  m_attention->setObjectName(QStringLiteral("quantAttention"));
  m_mlp->setObjectName(QStringLiteral("quantMlp"));
  m_head->setObjectName(QStringLiteral("quantHead"));
  m_embedding->setObjectName(QStringLiteral("quantEmbedding"));
  for (QCheckBox* c : {m_attention, m_mlp, m_head}) c->setChecked(true);
  m_keep->setObjectName(QStringLiteral("quantKeep"));
  m_format->setObjectName(QStringLiteral("quantFormat"));
  for (const char* key : {"gguf", "safetensors"}) m_format->addItem(QString(), QLatin1String(key));
  m_out->setObjectName(QStringLiteral("quantOut"));
  m_eval->setObjectName(QStringLiteral("quantEval"));
  m_openResult->setObjectName(QStringLiteral("quantOpenResult"));
  m_openResult->setChecked(true);
  m_run->setObjectName(QStringLiteral("primaryButton"));
  m_cancel->setObjectName(QStringLiteral("dangerButton"));
  m_cancel->setEnabled(false);
  m_progress->setObjectName(QStringLiteral("quantProgress"));
  m_progress->setTextVisible(false);
  m_progress->setRange(0, 1);
  m_progress->setValue(0);
  m_progressLabel->setObjectName(QStringLiteral("hintLabel"));
  m_progressLabel->setProperty("dswData", true);
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
  row(hbox(this, {{m_method, 1}, {m_actOrder, 0}}));
  row(hbox(this, {{m_type, 1}, {m_group, 0}}));
  auto* options = new QWidget(this);
  auto* optionsLayout = new QVBoxLayout(options);
  optionsLayout->setContentsMargins(0, 0, 0, 0);
  optionsLayout->setSpacing(2);
  optionsLayout->addWidget(m_asym);
  optionsLayout->addWidget(m_awq);
  row(options);
  row(hbox(this, {{m_calib, 1}, {m_browseCalib, 0}}));
  row(hbox(this, {{m_samples, 1}, {m_length, 1}}));
  auto* tensors = new QWidget(this);
  auto* grid = new QGridLayout(tensors);
  grid->setContentsMargins(0, 0, 0, 0);
  grid->addWidget(m_attention, 0, 0);
  grid->addWidget(m_mlp, 0, 1);
  grid->addWidget(m_head, 1, 0);
  grid->addWidget(m_embedding, 1, 1);
  row(tensors);
  row(m_keep);
  row(m_format);
  row(hbox(this, {{m_out, 1}, {m_browseOut, 0}}));
  row(hbox(this, {{m_eval, 1}, {m_evalCtx, 0}, {m_browseEval, 0}}));
  form->addRow(m_openResult);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(m_run, 1);
  buttons->addWidget(m_cancel);
  form->addRow(buttons);
  form->addRow(m_progress);
  form->addRow(m_progressLabel);
  form->addRow(m_notice);

  for (QComboBox* box : {m_model, m_method, m_type, m_group, m_format}) {
    // Long item texts must not widen the form past its column.
    box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    box->setMinimumContentsLength(box == m_group ? 8 : 10);
    connect(box, &QComboBox::currentIndexChanged, this, &QuantizeForm::updateEnabled);
    connect(box, &QComboBox::currentIndexChanged, this, &QuantizeForm::schemeChanged);
  }
  connect(m_asym, &QCheckBox::toggled, this, &QuantizeForm::schemeChanged);
  connect(m_awq, &QCheckBox::toggled, this, &QuantizeForm::schemeChanged);
  connect(m_run, &QPushButton::clicked, this, &QuantizeForm::runRequested);
  connect(m_cancel, &QPushButton::clicked, this, &QuantizeForm::cancelRequested);
  connect(m_browseCalib, &QPushButton::clicked, this, &QuantizeForm::browseCalibRequested);
  connect(m_browseOut, &QPushButton::clicked, this, &QuantizeForm::browseOutRequested);
  connect(m_browseEval, &QPushButton::clicked, this, &QuantizeForm::browseEvalRequested);
  retranslateUi();
  updateEnabled();
}

QuantizeRequest QuantizeForm::request() const {
  QuantizeRequest r;
  r.method = m_method->currentData().toString();
  const QString type = m_type->currentData().toString();
  if (type == u"q4_k_m") {
    r.mix = type;
  } else {
    r.bits = type.toInt();
    r.group = m_group->currentData().toInt();
    r.symmetric = !m_asym->isChecked();
  }
  r.awq = m_awq->isEnabled() && m_awq->isChecked();
  r.actOrder = r.method == u"gptq" && m_actOrder->isChecked();
  r.calibFile = m_calib->text().trimmed();
  r.calibSamples = m_samples->value();
  r.calibLength = m_length->value();
  r.attention = m_attention->isChecked();
  r.mlp = m_mlp->isChecked();
  r.head = m_head->isChecked();
  r.embedding = m_embedding->isChecked();
  for (const QString& k : m_keep->text().split(u',', Qt::SkipEmptyParts))
    if (!k.trimmed().isEmpty()) r.keep << k.trimmed();
  r.format = m_format->currentData().toString();
  r.out = m_out->text().trimmed();
  r.evalFile = m_eval->text().trimmed();
  r.evalCtx = m_evalCtx->value();
  return r;
}

QString QuantizeForm::schemeTag() const {
  const QString type = m_type->currentData().toString();
  QString tag;
  if (type == u"q4_k_m") {
    tag = QStringLiteral("q4_k_m");
  } else {
    const int g = m_group->currentData().toInt();
    const QString group = g > 0 ? QStringLiteral("g%1").arg(g) : QStringLiteral("pc");
    const QString stored = m_asym->isChecked() ? (type == u"8" ? QStringLiteral("int8-asym") : QStringLiteral("q4_1"))
                                               : (type == u"8" ? QStringLiteral("q8_0") : QStringLiteral("q4_0"));
    tag = stored + u'-' + group;
  }
  tag += u'-' + m_method->currentData().toString();
  if (m_awq->isEnabled() && m_awq->isChecked()) tag += QStringLiteral("-awq");
  return tag;
}

void QuantizeForm::setRunning(bool running) {
  m_running = running;
  updateEnabled();
}

void QuantizeForm::setNotice(const QString& text) { m_notice->setText(text); }
QString QuantizeForm::notice() const { return m_notice->text(); }

void QuantizeForm::setAvailability(bool awq, bool safetensors) {
  m_awqAvailable = awq;
  m_safetensorsAvailable = safetensors;
  if (!awq) m_awq->setChecked(false);
  if (!safetensors && m_format->currentIndex() == 1) m_format->setCurrentIndex(0);
  updateEnabled();
}

QString QuantizeForm::progressText() const { return m_progressLabel->text(); }

void QuantizeForm::setProgress(qint64 step, qint64 total, double etaSeconds, const QString& text) {
  m_step = step;
  m_total = total;
  m_eta = etaSeconds;
  m_progressWhat = text;
  if (total > 0) {
    m_progress->setRange(0, 1000);
    m_progress->setValue(int(std::clamp(double(step) / double(total), 0.0, 1.0) * 1000));
  } else {
    m_progress->setRange(0, 0);  // busy
  }
  QString label = text;
  if (etaSeconds >= 0 && total > 0 && step < total) label += QStringLiteral(" · ") + tr("about %1 left").arg(Format::duration(etaSeconds));
  m_progressLabel->setText(label);
}

void QuantizeForm::clearProgress() {
  m_step = m_total = 0;
  m_eta = -1;
  m_progressWhat.clear();
  m_progress->setRange(0, 1);
  m_progress->setValue(0);
  m_progressLabel->clear();
}

void QuantizeForm::updateEnabled() {
  const bool mix = m_type->currentData().toString() == u"q4_k_m";
  const bool gptq = m_method->currentData().toString() == u"gptq";
  m_group->setEnabled(!mix);
  m_asym->setEnabled(!mix);
  m_actOrder->setEnabled(gptq);
  m_awq->setEnabled(m_awqAvailable);
  setItemEnabled(m_format, 1, m_safetensorsAvailable);
  m_run->setEnabled(!m_running && m_model->count() > 0);
  m_cancel->setEnabled(m_running);
}

void QuantizeForm::retranslateUi() {
  setTitle(tr("Quantize a model"));
  const QStringList labels = {tr("Model"),        tr("Method"),      tr("Stored as"),  tr("Options"),
                              tr("Calibration"),  tr("Sequences / tokens"), tr("Quantize"), tr("Keep as is"),
                              tr("Output format"), tr("Output"),     tr("Evaluation text")};
  for (int i = 0; i < m_labels.size() && i < labels.size(); ++i) m_labels[i]->setText(labels[i]);
  m_method->setItemText(0, tr("RTN (round to nearest)"));
  m_method->setItemText(1, tr("GPTQ (calibrated)"));
  m_method->setToolTip(tr("RTN rounds each group from the weights alone; GPTQ uses the calibration text to push each "
                          "column's rounding error onto the columns not yet quantized."));
  m_actOrder->setText(tr("Act-order"));
  m_actOrder->setToolTip(tr("GPTQ: quantize the columns with the largest activations first"));
  m_type->setItemText(0, tr("INT4 (Q4_0 blocks)"));
  m_type->setItemText(1, tr("INT8 (Q8_0 blocks)"));
  m_type->setItemText(2, tr("Q4_K_M mix (Q4_K, Q6_K)"));
  m_group->setItemText(0, tr("group 32"));
  m_group->setItemText(1, tr("group 64"));
  m_group->setItemText(2, tr("group 128"));
  m_group->setItemText(3, tr("per channel"));
  m_group->setToolTip(tr("Input columns that share one scale"));
  m_asym->setText(tr("Zero point (asymmetric)"));
  m_asym->setToolTip(tr("Codes with a zero point per group instead of a symmetric scale (INT4: Q4_1 blocks)"));
  m_awq->setText(tr("AWQ scaling"));
  m_awq->setToolTip(m_awqAvailable ? tr("Activation-aware scaling of input channels before rounding (needs calibration text)")
                                   : tr("Activation-aware scaling is not available in this build"));
  m_calib->setPlaceholderText(tr("a .txt or .jsonl file (GPTQ needs one)"));
  m_browseCalib->setText(tr("Browse…"));
  m_samples->setToolTip(tr("Calibration sequences"));
  m_length->setToolTip(tr("Tokens per calibration sequence"));
  m_attention->setText(tr("Attention"));
  m_mlp->setText(tr("MLP and experts"));
  m_head->setText(tr("Output head (8-bit)"));
  m_embedding->setText(tr("Embedding"));
  m_attention->setToolTip(tr("Attention projections (MLA: q, q_a, q_b, kv_a, kv_b and o)"));
  m_mlp->setToolTip(tr("Dense MLPs, shared and routed experts. Routers are never quantized."));
  m_keep->setPlaceholderText(tr("names to keep, comma separated (e.g. layers.0., down_proj)"));
  m_format->setItemText(0, tr("GGUF (runs here and in llama.cpp)"));
  m_format->setItemText(1, tr("Safetensors folder (GPTQ layout)"));
  m_out->setPlaceholderText(tr("where to write the quantized model"));
  m_browseOut->setText(tr("Browse…"));
  m_eval->setPlaceholderText(tr("a text to measure Δppl, KL and agreement on (optional)"));
  m_evalCtx->setToolTip(tr("Context of the quality measurement"));
  m_browseEval->setText(tr("Browse…"));
  m_openResult->setText(tr("Open the result beside the original"));
  m_run->setText(tr("Quantize"));
  m_run->setToolTip(tr("Runs as a job; the report is written beside the output."));
  m_cancel->setText(tr("Cancel"));
  if (!m_progressWhat.isEmpty()) setProgress(m_step, m_total, m_eta, m_progressWhat);
}

void QuantizeForm::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QGroupBox::changeEvent(event);
}
