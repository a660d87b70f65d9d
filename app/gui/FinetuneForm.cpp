// FinetuneForm (see header).
#include "FinetuneForm.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDoubleValidator>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

QStringList split(const QString& text) {
  QStringList out;
  for (const QString& p : text.split(u',', Qt::SkipEmptyParts))
    if (!p.trimmed().isEmpty()) out << p.trimmed();
  return out;
}

std::vector<std::string> toStd(const QStringList& l) {
  std::vector<std::string> v;
  for (const QString& s : l) v.push_back(s.toStdString());
  return v;
}

QStringList fromStd(const std::vector<std::string>& v) {
  QStringList l;
  for (const auto& s : v) l << q(s);
  return l;
}

QSpinBox* spin(QWidget* parent, int lo, int hi, int value) {
  auto* s = new QSpinBox(parent);
  s->setRange(lo, hi);
  s->setValue(value);
  s->setAccelerated(true);
  return s;
}

QDoubleSpinBox* dspin(QWidget* parent, double lo, double hi, double value, int decimals, double step) {
  auto* s = new QDoubleSpinBox(parent);
  s->setRange(lo, hi);
  s->setDecimals(decimals);
  s->setSingleStep(step);
  s->setValue(value);
  return s;
}

struct PresetValues {
  int steps, rank;
  double alpha, lr;
  int batch, accum, warmup, evalEvery, ckptEvery;
};

PresetValues presetValues(FinetuneForm::Preset p) {
  switch (p) {
    case FinetuneForm::Preset::Quick: return {20, 8, 16, 1e-3, 2, 1, 2, 10, 10};
    case FinetuneForm::Preset::Thorough: return {1000, 32, 64, 1e-4, 4, 4, 50, 100, 100};
    default: return {200, 16, 32, 2e-4, 4, 1, 10, 50, 50};
  }
}

}  // namespace

QStringList FinetuneForm::attentionTargets() {
  return {QStringLiteral("q_proj"), QStringLiteral("k_proj"), QStringLiteral("v_proj"), QStringLiteral("o_proj"),
          QStringLiteral("q_a_proj"), QStringLiteral("q_b_proj"), QStringLiteral("kv_a_proj_with_mqa"), QStringLiteral("kv_b_proj")};
}

QStringList FinetuneForm::attentionMlpTargets() {
  return attentionTargets() + QStringList{QStringLiteral("gate_proj"), QStringLiteral("up_proj"), QStringLiteral("down_proj")};
}

FinetuneForm::FinetuneForm(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("finetuneForm"));
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(0, 0, 6, 0);
  v->setSpacing(10);
  auto label = [this](const char* text) {
    auto* l = new QLabel(this);
    m_labels.append({l, text});
    return l;
  };

  // ---- model and data ----
  m_dataGroup = new QGroupBox(this);
  auto* df = new QFormLayout(m_dataGroup);
  m_model = new QComboBox(m_dataGroup);
  m_model->setProperty("dswData", true);  // model names are data, not interface text
  m_model->setObjectName(QStringLiteral("finetuneModelBox"));
  m_model->setMinimumContentsLength(16);
  m_model->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_browseModel = new QPushButton(m_dataGroup);
  auto* mh = new QHBoxLayout;
  mh->addWidget(m_model, 1);
  mh->addWidget(m_browseModel);
  df->addRow(label(QT_TR_NOOP("Base model")), mh);
  m_data = new QLineEdit(m_dataGroup);
  m_data->setObjectName(QStringLiteral("finetuneDataEdit"));
  m_browseData = new QPushButton(m_dataGroup);
  auto* dh = new QHBoxLayout;
  dh->addWidget(m_data, 1);
  dh->addWidget(m_browseData);
  df->addRow(label(QT_TR_NOOP("Data file")), dh);
  m_format = new QComboBox(m_dataGroup);
  m_format->addItem(QString(), QStringLiteral("text"));
  m_format->addItem(QString(), QStringLiteral("prompt_response"));
  m_format->addItem(QString(), QStringLiteral("chat"));
  m_format->setCurrentIndex(1);
  df->addRow(label(QT_TR_NOOP("Format")), m_format);
  m_field1 = new QLineEdit(QStringLiteral("question"), m_dataGroup);
  m_field2 = new QLineEdit(QStringLiteral("answer"), m_dataGroup);
  m_field1Label = new QLabel(m_dataGroup);
  m_field2Label = new QLabel(m_dataGroup);
  df->addRow(m_field1Label, m_field1);
  df->addRow(m_field2Label, m_field2);
  m_seqLen = spin(m_dataGroup, 8, 1 << 16, 256);
  df->addRow(label(QT_TR_NOOP("Sequence length")), m_seqLen);
  m_maxExamples = spin(m_dataGroup, 0, 1 << 30, 0);
  df->addRow(label(QT_TR_NOOP("Examples used")), m_maxExamples);
  m_evalShare = dspin(m_dataGroup, 0, 50, 5, 1, 1);
  m_evalShare->setSuffix(QStringLiteral(" %"));
  df->addRow(label(QT_TR_NOOP("Held out for eval")), m_evalShare);
  v->addWidget(m_dataGroup);

  // ---- hyper-parameters ----
  m_hyperGroup = new QGroupBox(this);
  auto* hf = new QFormLayout(m_hyperGroup);
  m_preset = new QComboBox(m_hyperGroup);
  m_preset->setObjectName(QStringLiteral("finetunePresetBox"));
  for (int i = 0; i < 4; ++i) m_preset->addItem(QString(), i);
  hf->addRow(label(QT_TR_NOOP("Preset")), m_preset);
  m_method = new QComboBox(m_hyperGroup);
  m_method->addItem(QString(), QStringLiteral("lora"));
  m_method->addItem(QString(), QStringLiteral("full"));
  hf->addRow(label(QT_TR_NOOP("Method")), m_method);
  m_rank = spin(m_hyperGroup, 1, 1024, 16);
  m_alpha = dspin(m_hyperGroup, 0.01, 4096, 32, 2, 1);
  auto* ra = new QHBoxLayout;
  ra->addWidget(m_rank);
  ra->addWidget(m_alpha);
  hf->addRow(label(QT_TR_NOOP("Rank / alpha")), ra);
  m_rslora = new QCheckBox(m_hyperGroup);
  m_dropout = dspin(m_hyperGroup, 0, 0.9, 0, 2, 0.05);
  auto* rd = new QHBoxLayout;
  rd->addWidget(m_dropout);
  rd->addWidget(m_rslora);
  hf->addRow(label(QT_TR_NOOP("Dropout")), rd);
  m_lr = new QLineEdit(QStringLiteral("2e-4"), m_hyperGroup);
  m_lr->setObjectName(QStringLiteral("finetuneLrEdit"));
  auto* lrValidator = new QDoubleValidator(1e-12, 10, 12, m_lr);
  lrValidator->setNotation(QDoubleValidator::ScientificNotation);
  lrValidator->setLocale(QLocale::c());
  m_lr->setValidator(lrValidator);
  hf->addRow(label(QT_TR_NOOP("Learning rate")), m_lr);
  m_schedule = new QComboBox(m_hyperGroup);
  m_schedule->addItem(QString(), QStringLiteral("cosine"));
  m_schedule->addItem(QString(), QStringLiteral("linear"));
  m_schedule->addItem(QString(), QStringLiteral("constant"));
  m_warmup = spin(m_hyperGroup, 0, 1 << 20, 10);
  auto* sw = new QHBoxLayout;
  sw->addWidget(m_schedule, 1);
  sw->addWidget(m_warmup);
  hf->addRow(label(QT_TR_NOOP("Schedule / warm-up")), sw);
  m_weightDecay = dspin(m_hyperGroup, 0, 1, 0, 3, 0.01);
  m_clip = dspin(m_hyperGroup, 0, 1000, 1, 2, 0.1);
  auto* wc = new QHBoxLayout;
  wc->addWidget(m_weightDecay);
  wc->addWidget(m_clip);
  hf->addRow(label(QT_TR_NOOP("Weight decay / clip")), wc);
  m_steps = spin(m_hyperGroup, 1, 1 << 24, 200);
  m_steps->setObjectName(QStringLiteral("finetuneStepsBox"));
  hf->addRow(label(QT_TR_NOOP("Steps")), m_steps);
  m_batch = spin(m_hyperGroup, 1, 4096, 4);
  m_accum = spin(m_hyperGroup, 1, 4096, 1);
  auto* ba = new QHBoxLayout;
  ba->addWidget(m_batch);
  ba->addWidget(m_accum);
  hf->addRow(label(QT_TR_NOOP("Batch × accumulation")), ba);
  m_seed = spin(m_hyperGroup, 0, 1 << 30, 42);
  m_gradCkpt = new QCheckBox(m_hyperGroup);
  auto* sg = new QHBoxLayout;
  sg->addWidget(m_seed);
  sg->addWidget(m_gradCkpt);
  hf->addRow(label(QT_TR_NOOP("Seed")), sg);
  m_evalEvery = spin(m_hyperGroup, 0, 1 << 24, 50);
  m_ckptEvery = spin(m_hyperGroup, 0, 1 << 24, 50);
  auto* ec = new QHBoxLayout;
  ec->addWidget(m_evalEvery);
  ec->addWidget(m_ckptEvery);
  hf->addRow(label(QT_TR_NOOP("Eval / checkpoint every")), ec);
  m_threads = spin(m_hyperGroup, 0, 1024, 0);
  hf->addRow(label(QT_TR_NOOP("Threads")), m_threads);
  m_aux = dspin(m_hyperGroup, 0, 1, 0, 4, 0.001);
  m_biasRate = dspin(m_hyperGroup, 0, 1, 0, 4, 0.001);
  auto* mo = new QHBoxLayout;
  mo->addWidget(m_aux);
  mo->addWidget(m_biasRate);
  hf->addRow(label(QT_TR_NOOP("MoE balance loss / V3 bias rate")), mo);
  // Upcycled experts specialise when the router learns faster than they do (docs/versions.md).
  m_routerLr = dspin(m_hyperGroup, 0.01, 1000, 1, 2, 1);
  m_routerLr->setObjectName(QStringLiteral("finetuneRouterLrBox"));
  hf->addRow(label(QT_TR_NOOP("Router learning rate ×")), m_routerLr);
  v->addWidget(m_hyperGroup);

  // ---- targets ----
  m_targetGroup = new QGroupBox(this);
  auto* tf = new QFormLayout(m_targetGroup);
  m_targets = new QComboBox(m_targetGroup);
  m_targets->setObjectName(QStringLiteral("finetuneTargetsBox"));
  for (const char* key : {"all-linear", "attention", "attention-mlp", "custom"}) m_targets->addItem(QString(), QString::fromLatin1(key));
  tf->addRow(label(QT_TR_NOOP("Adapt")), m_targets);
  m_customTargets = new QLineEdit(m_targetGroup);
  m_customTargets->setObjectName(QStringLiteral("finetuneCustomTargets"));
  m_customTargets->setProperty("dswData", true);  // module-name patterns are data in any language
  tf->addRow(label(QT_TR_NOOP("Patterns")), m_customTargets);
  m_exclude = new QLineEdit(m_targetGroup);
  tf->addRow(label(QT_TR_NOOP("Exclude")), m_exclude);
  m_router = new QCheckBox(m_targetGroup);
  tf->addRow(QString(), m_router);
  v->addWidget(m_targetGroup);

  // ---- output and actions ----
  m_outputGroup = new QGroupBox(this);
  auto* of = new QFormLayout(m_outputGroup);
  m_output = new QLineEdit(m_outputGroup);
  m_output->setObjectName(QStringLiteral("finetuneOutputEdit"));
  m_browseOutput = new QPushButton(m_outputGroup);
  auto* oh = new QHBoxLayout;
  oh->addWidget(m_output, 1);
  oh->addWidget(m_browseOutput);
  of->addRow(label(QT_TR_NOOP("Output folder")), oh);
  m_openResult = new QCheckBox(m_outputGroup);
  m_openResult->setChecked(true);
  of->addRow(QString(), m_openResult);
  v->addWidget(m_outputGroup);

  m_notice = new QLabel(this);
  m_notice->setObjectName(QStringLiteral("finetuneNotice"));
  m_notice->setWordWrap(true);
  v->addWidget(m_notice);
  auto* buttons = new QHBoxLayout;
  m_start = new QPushButton(this);
  m_start->setObjectName(QStringLiteral("primaryButton"));
  m_cancel = new QPushButton(this);
  m_resume = new QPushButton(this);
  buttons->addWidget(m_start);
  buttons->addWidget(m_cancel);
  buttons->addWidget(m_resume);
  buttons->addStretch(1);
  v->addLayout(buttons);
  v->addStretch(1);

  connect(m_browseModel, &QPushButton::clicked, this, &FinetuneForm::browseModelRequested);
  connect(m_browseData, &QPushButton::clicked, this, &FinetuneForm::browseDataRequested);
  connect(m_browseOutput, &QPushButton::clicked, this, &FinetuneForm::browseOutputRequested);
  connect(m_start, &QPushButton::clicked, this, &FinetuneForm::startRequested);
  connect(m_cancel, &QPushButton::clicked, this, &FinetuneForm::cancelRequested);
  connect(m_resume, &QPushButton::clicked, this, &FinetuneForm::resumeRequested);
  connect(m_preset, &QComboBox::currentIndexChanged, this, [this](int i) {
    if (i >= 0 && i < 3) applyPreset(Preset(i));
  });
  connect(m_format, &QComboBox::currentIndexChanged, this, [this] {
    const QString f = m_format->currentData().toString();
    m_field1->setText(f == u"prompt_response" ? QStringLiteral("question") : f == u"chat" ? QStringLiteral("messages") : QStringLiteral("text"));
    m_field2->setText(f == u"prompt_response" ? QStringLiteral("answer") : QString());
    retranslateUi();
    updateEnabled();
  });
  // Fields that change the plan (audit, memory, data preview).
  for (QComboBox* b : {m_model, m_format, m_method, m_targets}) connect(b, &QComboBox::currentIndexChanged, this, &FinetuneForm::changed);
  for (QLineEdit* e : {m_data, m_field1, m_field2, m_customTargets, m_exclude}) connect(e, &QLineEdit::textChanged, this, &FinetuneForm::changed);
  for (QSpinBox* s : {m_seqLen, m_maxExamples, m_rank, m_batch, m_accum, m_threads})
    connect(s, &QSpinBox::valueChanged, this, &FinetuneForm::changed);
  connect(m_evalShare, &QDoubleSpinBox::valueChanged, this, &FinetuneForm::changed);
  for (QCheckBox* c : {m_router, m_gradCkpt}) connect(c, &QCheckBox::toggled, this, &FinetuneForm::changed);
  connect(m_method, &QComboBox::currentIndexChanged, this, &FinetuneForm::updateEnabled);
  connect(m_targets, &QComboBox::currentIndexChanged, this, &FinetuneForm::updateEnabled);
  // Editing a preset's field makes the preset "Custom".
  for (QSpinBox* s : {m_steps, m_rank, m_batch, m_accum, m_warmup, m_evalEvery, m_ckptEvery})
    connect(s, &QSpinBox::valueChanged, this, &FinetuneForm::onPresetField);
  connect(m_alpha, &QDoubleSpinBox::valueChanged, this, &FinetuneForm::onPresetField);
  connect(m_lr, &QLineEdit::textEdited, this, &FinetuneForm::onPresetField);

  applyPreset(Preset::Balanced);
  m_preset->setCurrentIndex(int(Preset::Balanced));
  retranslateUi();
  updateEnabled();
}

void FinetuneForm::onPresetField() {
  if (m_applyingPreset) return;
  const QSignalBlocker block(m_preset);
  m_preset->setCurrentIndex(int(Preset::Custom));
}

void FinetuneForm::applyPreset(Preset p) {
  if (p == Preset::Custom) return;
  m_applyingPreset = true;
  const PresetValues v = presetValues(p);
  m_steps->setValue(v.steps);
  m_rank->setValue(v.rank);
  m_alpha->setValue(v.alpha);
  m_lr->setText(QString::number(v.lr, 'g', 6));
  m_batch->setValue(v.batch);
  m_accum->setValue(v.accum);
  m_warmup->setValue(v.warmup);
  m_evalEvery->setValue(v.evalEvery);
  m_ckptEvery->setValue(v.ckptEvery);
  m_schedule->setCurrentIndex(0);
  {
    const QSignalBlocker block(m_preset);
    m_preset->setCurrentIndex(int(p));
  }
  m_applyingPreset = false;
}

FinetuneForm::Preset FinetuneForm::preset() const { return Preset(std::max(0, m_preset->currentIndex())); }

dsw::TrainConfig FinetuneForm::config() const {
  dsw::TrainConfig c;
  c.model = m_model->currentData().toString().toStdString();
  c.output_dir = m_output->text().trimmed().toStdString();
  c.mode = m_method->currentData().toString() == u"full" ? dsw::TrainMode::full : dsw::TrainMode::lora;
  const QString t = m_targets->currentData().toString();
  if (t == u"all-linear") c.lora.target_modules = {"all-linear"};
  else if (t == u"attention") c.lora.target_modules = toStd(attentionTargets());
  else if (t == u"attention-mlp") c.lora.target_modules = toStd(attentionMlpTargets());
  else c.lora.target_modules = toStd(split(m_customTargets->text()));
  c.lora.exclude_modules = toStd(split(m_exclude->text()));
  c.lora.target_router = m_router->isChecked();
  c.lora.rank = m_rank->value();
  c.lora.alpha = m_alpha->value();
  c.lora.use_rslora = m_rslora->isChecked();
  c.lora.dropout = m_dropout->value();
  c.optim.lr = QLocale::c().toDouble(m_lr->text().trimmed());
  const QString s = m_schedule->currentData().toString();
  c.optim.schedule = s == u"linear" ? dsw::LrSchedule::linear : s == u"constant" ? dsw::LrSchedule::constant : dsw::LrSchedule::cosine;
  c.optim.warmup_steps = m_warmup->value();
  c.optim.weight_decay = m_weightDecay->value();
  c.optim.max_grad_norm = m_clip->value();
  c.data.path = m_data->text().trimmed().toStdString();
  const QString f = m_format->currentData().toString();
  c.data.format = f == u"text" ? dsw::DataFormat::text : f == u"chat" ? dsw::DataFormat::chat : dsw::DataFormat::prompt_response;
  if (c.data.format == dsw::DataFormat::text) {
    if (!m_field1->text().trimmed().isEmpty()) c.data.text_field = m_field1->text().trimmed().toStdString();
  } else if (c.data.format == dsw::DataFormat::chat) {
    c.data.messages_field = m_field1->text().trimmed().toStdString();
  } else {
    c.data.prompt_field = m_field1->text().trimmed().toStdString();
    c.data.response_field = m_field2->text().trimmed().toStdString();
  }
  c.data.seq_len = m_seqLen->value();
  c.data.max_examples = m_maxExamples->value();
  c.data.eval_fraction = m_evalShare->value() / 100.0;
  c.steps = m_steps->value();
  c.micro_batch = m_batch->value();
  c.grad_accum = m_accum->value();
  c.seed = uint64_t(m_seed->value());
  c.gradient_checkpointing = m_gradCkpt->isChecked();
  c.eval_every = m_evalEvery->value();
  c.checkpoint_every = m_ckptEvery->value();
  c.n_threads = m_threads->value();
  c.moe_aux_loss_alpha = m_aux->value();
  c.v3_bias_update_rate = m_biasRate->value();
  c.router_lr_scale = m_routerLr->value();
  return c;
}

void FinetuneForm::setConfig(const dsw::TrainConfig& c) {
  const QString model = q(c.model.string());
  int mi = m_model->findData(model);
  if (mi < 0 && !model.isEmpty()) {
    m_model->addItem(QString::fromStdString(c.model.filename().empty() ? c.model.parent_path().filename().string() : c.model.filename().string()), model);
    mi = m_model->count() - 1;
  }
  if (mi >= 0) m_model->setCurrentIndex(mi);
  m_output->setText(q(c.output_dir.string()));
  m_method->setCurrentIndex(c.mode == dsw::TrainMode::full ? 1 : 0);
  const QStringList targets = fromStd(c.lora.target_modules);
  if (targets == QStringList{QStringLiteral("all-linear")}) m_targets->setCurrentIndex(0);
  else if (targets == attentionTargets()) m_targets->setCurrentIndex(1);
  else if (targets == attentionMlpTargets()) m_targets->setCurrentIndex(2);
  else {
    m_targets->setCurrentIndex(3);
    m_customTargets->setText(targets.join(QStringLiteral(", ")));
  }
  m_exclude->setText(fromStd(c.lora.exclude_modules).join(QStringLiteral(", ")));
  m_router->setChecked(c.lora.target_router);
  m_applyingPreset = true;
  m_rank->setValue(int(c.lora.rank));
  m_alpha->setValue(c.lora.alpha);
  m_lr->setText(QString::number(c.optim.lr, 'g', 6));
  m_warmup->setValue(int(c.optim.warmup_steps));
  m_steps->setValue(int(c.steps));
  m_batch->setValue(int(c.micro_batch));
  m_accum->setValue(int(c.grad_accum));
  m_evalEvery->setValue(int(c.eval_every));
  m_ckptEvery->setValue(int(c.checkpoint_every));
  m_applyingPreset = false;
  m_rslora->setChecked(c.lora.use_rslora);
  m_dropout->setValue(c.lora.dropout);
  m_schedule->setCurrentIndex(c.optim.schedule == dsw::LrSchedule::linear ? 1 : c.optim.schedule == dsw::LrSchedule::constant ? 2 : 0);
  m_weightDecay->setValue(c.optim.weight_decay);
  m_clip->setValue(c.optim.max_grad_norm);
  m_format->setCurrentIndex(c.data.format == dsw::DataFormat::text ? 0 : c.data.format == dsw::DataFormat::chat ? 2 : 1);
  m_data->setText(q(c.data.path.string()));
  if (c.data.format == dsw::DataFormat::text) m_field1->setText(q(c.data.text_field));
  else if (c.data.format == dsw::DataFormat::chat) m_field1->setText(q(c.data.messages_field));
  else {
    m_field1->setText(q(c.data.prompt_field));
    m_field2->setText(q(c.data.response_field));
  }
  m_seqLen->setValue(int(c.data.seq_len));
  m_maxExamples->setValue(int(c.data.max_examples));
  m_evalShare->setValue(c.data.eval_fraction * 100.0);
  m_seed->setValue(int(c.seed));
  m_gradCkpt->setChecked(c.gradient_checkpointing);
  m_threads->setValue(c.n_threads);
  m_aux->setValue(c.moe_aux_loss_alpha);
  m_biasRate->setValue(c.v3_bias_update_rate);
  m_routerLr->setValue(c.router_lr_scale);
  const QSignalBlocker block(m_preset);
  m_preset->setCurrentIndex(int(Preset::Custom));
}

void FinetuneForm::setRunning(bool running) {
  m_running = running;
  updateEnabled();
}

void FinetuneForm::setResumable(bool resumable) {
  m_resumable = resumable;
  updateEnabled();
}

void FinetuneForm::setCanStart(bool can) {
  m_canStart = can;
  updateEnabled();
}

void FinetuneForm::setNotice(const QString& text) {
  m_notice->setText(text);
  m_notice->setVisible(!text.isEmpty());
}

void FinetuneForm::updateEnabled() {
  const bool lora = m_method->currentData().toString() == u"lora";
  for (QWidget* w : std::initializer_list<QWidget*>{m_rank, m_alpha, m_rslora, m_dropout, m_targetGroup}) w->setEnabled(lora && !m_running);
  m_customTargets->setEnabled(lora && !m_running && m_targets->currentData().toString() == u"custom");
  const QString f = m_format->currentData().toString();
  m_field2->setEnabled(!m_running && f == u"prompt_response");
  for (QWidget* w : std::initializer_list<QWidget*>{m_dataGroup, m_hyperGroup, m_outputGroup}) w->setEnabled(!m_running);
  m_start->setEnabled(!m_running && m_canStart && !m_resumable);  // a folder holding a run is only resumed
  m_cancel->setEnabled(m_running);
  m_resume->setEnabled(!m_running && m_resumable);
}

void FinetuneForm::retranslateUi() {
  m_dataGroup->setTitle(tr("Base model and data"));
  m_hyperGroup->setTitle(tr("Hyper-parameters"));
  m_targetGroup->setTitle(tr("Targets"));
  m_outputGroup->setTitle(tr("Output"));
  for (auto& [l, text] : m_labels) l->setText(tr(text));
  m_browseModel->setText(tr("Browse…"));
  m_browseData->setText(tr("Browse…"));
  m_browseOutput->setText(tr("Browse…"));
  m_format->setItemText(0, tr("Plain text (packed)"));
  m_format->setItemText(1, tr("Prompt and response (JSONL)"));
  m_format->setItemText(2, tr("Chat messages (JSONL)"));
  const QString f = m_format->currentData().toString();
  m_field1Label->setText(f == u"prompt_response" ? tr("Prompt field") : f == u"chat" ? tr("Messages field") : tr("Text field (JSONL)"));
  m_field2Label->setText(tr("Response field"));
  m_preset->setItemText(0, tr("Quick check (20 steps)"));
  m_preset->setItemText(1, tr("Balanced (200 steps)"));
  m_preset->setItemText(2, tr("Thorough (1,000 steps)"));
  m_preset->setItemText(3, tr("Custom"));
  m_method->setItemText(0, tr("LoRA adapter"));
  m_method->setItemText(1, tr("Full fine-tuning (small models)"));
  m_rslora->setText(tr("rsLoRA scaling"));
  m_schedule->setItemText(0, tr("Cosine"));
  m_schedule->setItemText(1, tr("Linear"));
  m_schedule->setItemText(2, tr("Constant"));
  m_gradCkpt->setText(tr("Gradient checkpointing"));
  m_threads->setSpecialValueText(tr("All"));
  m_maxExamples->setSpecialValueText(tr("All"));
  m_evalEvery->setSpecialValueText(tr("At the end"));
  m_ckptEvery->setSpecialValueText(tr("At the end"));
  m_targets->setItemText(0, tr("Every linear layer"));
  m_targets->setItemText(1, tr("Attention (MLA projections included)"));
  m_targets->setItemText(2, tr("Attention and MLP (experts included)"));
  m_targets->setItemText(3, tr("Custom patterns"));
  m_customTargets->setPlaceholderText(tr("q_proj, v_proj, re:.*experts\\.[0-3]\\..*"));
  m_exclude->setPlaceholderText(tr("module-name patterns left out"));
  m_router->setText(tr("Adapt the MoE router too"));
  m_openResult->setText(tr("Open the result beside its base when the run ends"));
  m_start->setText(tr("Start"));
  m_cancel->setText(tr("Cancel"));
  m_resume->setText(tr("Resume"));
  m_lr->setToolTip(tr("Peak learning rate of AdamW, e.g. 2e-4"));
  m_aux->setToolTip(tr("DeepSeekMoE expert balance loss weight (0: off)"));
  m_biasRate->setToolTip(tr("DeepSeek-V3 router bias update rate per step (0: off)"));
  m_routerLr->setToolTip(tr("The MoE routers learn at this multiple of the learning rate (1: the same; 10 helps upcycled experts specialise)"));
  m_resume->setToolTip(tr("Continue from the newest checkpoint in the output folder, exactly"));
}

void FinetuneForm::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}
