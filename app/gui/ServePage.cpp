// ServePage (see header).
#include "ServePage.h"

#include "Format.h"
#include "LiveSeriesChart.h"
#include "PageHeader.h"

#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QScrollArea>
#include <QVBoxLayout>

namespace {

constexpr int kFigures = 8;

QSpinBox* spin(QWidget* parent, const char* name, int lo, int hi, int value) {
  auto* s = new QSpinBox(parent);
  s->setObjectName(QLatin1String(name));
  s->setRange(lo, hi);
  s->setValue(value);
  return s;
}

}  // namespace

ServePage::ServePage(QWidget* parent)
    : QWidget(parent), m_title(new QLabel(this)), m_subtitle(new QLabel(this)), m_model(new QComboBox(this)),
      m_browse(new QPushButton(this)), m_host(new QLineEdit(this)), m_port(spin(this, "servePort", 0, 65535, 8080)),
      m_apiKey(new QLineEdit(this)), m_policy(new QComboBox(this)), m_maxBatch(spin(this, "serveMaxBatch", 1, 1024, 32)),
      m_maxWait(spin(this, "serveMaxWait", 0, 60000, 50)), m_tokenCap(spin(this, "serveTokenCap", 0, 1 << 30, 0)),
      m_context(spin(this, "serveContext", 16, 1 << 20, 2048)), m_threads(spin(this, "serveThreads", 0, 1024, 0)),
      m_start(new QPushButton(this)), m_stop(new QPushButton(this)), m_swap(new QPushButton(this)), m_status(new QLabel(this)),
      m_endpoints(new QLabel(this)) {
  setObjectName(QStringLiteral("servePage"));
  // The form, the figures and four charts need about 900 px: on shorter windows the page scrolls
  // instead of squeezing its fields.
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  auto* scroll = new QScrollArea(this);
  scroll->setObjectName(QStringLiteral("serveScroll"));
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  auto* content = new QWidget(scroll);
  content->setObjectName(QStringLiteral("serveContent"));
  scroll->setWidget(content);
  outer->addWidget(scroll);
  auto* v = new QVBoxLayout(content);
  v->setContentsMargins(24, 20, 24, 12);
  v->setSpacing(10);
  v->addLayout(makePageHeader(m_title, m_subtitle));

  // ---- the form ----
  m_model->setObjectName(QStringLiteral("serveModel"));
  m_model->setProperty("dswData", true);  // paths, not interface text
  m_model->setEditable(true);
  m_model->setInsertPolicy(QComboBox::NoInsert);
  m_model->setMinimumContentsLength(28);
  m_model->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_browse->setObjectName(QStringLiteral("serveBrowse"));
  m_host->setObjectName(QStringLiteral("serveHost"));
  m_host->setText(QStringLiteral("127.0.0.1"));
  m_apiKey->setObjectName(QStringLiteral("serveApiKey"));
  m_apiKey->setEchoMode(QLineEdit::PasswordEchoOnEdit);
  m_policy->setObjectName(QStringLiteral("servePolicy"));
  for (const char* p : {"fcfs", "longest_first", "shortest_first"}) m_policy->addItem(QLatin1String(p), QLatin1String(p));
  m_maxWait->setSuffix(QStringLiteral(" ms"));
  auto* form = new QGroupBox(this);
  form->setObjectName(QStringLiteral("serveForm"));
  auto* f = new QFormLayout(form);
  f->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
  auto* modelRow = new QHBoxLayout;
  modelRow->addWidget(m_model, 1);
  modelRow->addWidget(m_browse);
  const QList<QLayout*> layouts = {modelRow};
  QList<QWidget*> fields = {nullptr, m_host, m_port, m_apiKey, m_policy, m_maxBatch, m_maxWait, m_tokenCap, m_context, m_threads};
  for (int i = 0; i < fields.size(); ++i) {
    auto* label = new QLabel(form);
    m_formLabels << label;
    if (i == 0) f->addRow(label, modelRow);
    else f->addRow(label, fields[i]);
  }
  auto* buttons = new QHBoxLayout;
  m_start->setObjectName(QStringLiteral("primaryButton"));
  m_stop->setObjectName(QStringLiteral("stopButton"));
  m_swap->setObjectName(QStringLiteral("serveSwap"));
  buttons->addWidget(m_start);
  buttons->addWidget(m_stop);
  buttons->addWidget(m_swap);
  buttons->addStretch(1);
  f->addRow(buttons);

  // ---- live figures ----
  auto* figures = new QGroupBox(this);
  figures->setObjectName(QStringLiteral("serveFigures"));
  auto* g = new QGridLayout(figures);
  for (int i = 0; i < kFigures; ++i) {
    auto* value = new QLabel(QStringLiteral("–"), figures);
    value->setObjectName(QStringLiteral("statValue"));
    value->setProperty("dswData", true);
    auto* name = new QLabel(figures);
    name->setObjectName(QStringLiteral("statLabel"));
    g->addWidget(value, (i / 4) * 2, i % 4);
    g->addWidget(name, (i / 4) * 2 + 1, i % 4);
    m_values << value;
    m_names << name;
  }
  m_status->setObjectName(QStringLiteral("hintLabel"));
  m_status->setProperty("dswData", true);
  m_status->setWordWrap(true);
  m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
  g->addWidget(m_status, 4, 0, 1, 4);
  g->setRowStretch(5, 1);
  // What the server answers (paths: data, not interface text).
  m_endpoints->setObjectName(QStringLiteral("hintLabel"));
  m_endpoints->setProperty("dswData", true);
  m_endpoints->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_endpoints->setText(QStringLiteral("POST /v1/completions · POST /v1/chat/completions · GET /v1/models\n"
                                      "GET /health · GET /metrics · POST /admin/swap"));
  g->addWidget(m_endpoints, 6, 0, 1, 4);

  auto* top = new QHBoxLayout;
  top->addWidget(form, 3);
  top->addWidget(figures, 4);
  v->addLayout(top);

  // ---- charts ----
  m_qps = new LiveSeriesChart({QStringLiteral("QPS")}, this);
  m_latency = new LiveSeriesChart({QStringLiteral("P50"), QStringLiteral("P99")}, this);
  m_batch = new LiveSeriesChart({QStringLiteral("batch")}, this);
  m_queue = new LiveSeriesChart({QStringLiteral("queue")}, this);
  auto* charts = new QGridLayout;
  charts->setSpacing(10);
  const QList<LiveSeriesChart*> all = {m_qps, m_latency, m_batch, m_queue};
  for (int i = 0; i < all.size(); ++i) {
    auto* box = new QVBoxLayout;
    auto* title = new QLabel(this);
    title->setObjectName(QStringLiteral("sectionTitle"));
    m_chartTitles << title;
    box->addWidget(title);
    all[i]->widget()->setMinimumHeight(150);
    box->addWidget(all[i]->widget(), 1);
    charts->addLayout(box, i / 2, i % 2);
  }
  v->addLayout(charts, 1);

  connect(m_start, &QPushButton::clicked, this, &ServePage::startRequested);
  connect(m_stop, &QPushButton::clicked, this, &ServePage::stopRequested);
  connect(m_swap, &QPushButton::clicked, this, &ServePage::swapRequested);
  connect(m_browse, &QPushButton::clicked, this, &ServePage::browseRequested);
  setState(State::idle);
  retranslateUi();
}

ServeConfig ServePage::config() const {
  ServeConfig c;
  c.modelPath = modelPath();
  c.host = m_host->text().trimmed();
  c.port = m_port->value();
  c.apiKey = m_apiKey->text();
  c.policy = m_policy->currentData().toString();
  c.maxBatch = m_maxBatch->value();
  c.maxWaitMs = m_maxWait->value();
  c.maxTokensInFlight = m_tokenCap->value();
  c.contextPerRequest = m_context->value();
  c.threads = m_threads->value();
  return c;
}

void ServePage::setConfig(const ServeConfig& c) {
  m_model->setEditText(c.modelPath);
  m_host->setText(c.host);
  m_port->setValue(c.port);
  m_apiKey->setText(c.apiKey);
  m_policy->setCurrentIndex(std::max(0, m_policy->findData(c.policy)));
  m_maxBatch->setValue(c.maxBatch);
  m_maxWait->setValue(c.maxWaitMs);
  m_tokenCap->setValue(int(std::min<qint64>(c.maxTokensInFlight, m_tokenCap->maximum())));
  m_context->setValue(c.contextPerRequest);
  m_threads->setValue(c.threads);
}

void ServePage::setModelPaths(const QStringList& paths) {
  const QString typed = m_model->currentText();
  m_model->clear();
  m_model->addItems(paths);
  m_model->setEditText(typed.isEmpty() && !paths.isEmpty() ? paths.first() : typed);
}

QString ServePage::modelPath() const { return m_model->currentText().trimmed(); }

void ServePage::setState(State s) {
  m_state = s;
  const bool idle = s == State::idle;
  for (QWidget* w : std::initializer_list<QWidget*>{m_host, m_port, m_apiKey, m_policy, m_maxBatch, m_maxWait, m_tokenCap, m_context, m_threads})
    w->setEnabled(idle);
  m_start->setEnabled(idle);
  m_stop->setEnabled(s == State::serving || s == State::swapping || s == State::starting);
  m_swap->setEnabled(s == State::serving);
}

void ServePage::setStatus(const QString& text) { m_status->setText(text); }
QString ServePage::statusText() const { return m_status->text(); }

void ServePage::setFigures(const ServeFigures& x) {
  // 3-4 significant digits and a time unit that fits (a 0.4 ms latency reads 400 µs, not 0 ms).
  const QStringList values = {Format::rate(x.qps),
                              Format::rate(x.tokensPerS),
                              Format::milliseconds(x.p50Ms),
                              Format::milliseconds(x.p99Ms),
                              Format::number(x.batch, 3),
                              QLocale().toString(x.queue),
                              QLocale().toString(x.running),
                              QLocale().toString(x.finished)};
  for (int i = 0; i < kFigures; ++i) m_values[i]->setText(values[i]);
  m_values[7]->setToolTip(tr("%1 finished, %2 failed, %3 refused; %4 swaps").arg(x.finished).arg(x.failed).arg(x.rejected).arg(x.swaps));
}

void ServePage::retranslateUi() {
  m_title->setText(tr("Serve"));
  m_subtitle->setText(tr("An OpenAI-compatible server on this machine with dynamic batching: point any OpenAI client at it, "
                         "watch it under load, swap in a new version without dropping a request."));
  const QStringList labels = {tr("Model"), tr("Address"), tr("Port"), tr("API key"), tr("Policy"), tr("Max batch size"),
                              tr("Max wait"), tr("Tokens in flight"), tr("Context per request"), tr("CPU threads")};
  for (int i = 0; i < labels.size(); ++i) m_formLabels[i]->setText(labels[i]);
  m_browse->setText(tr("Browse…"));
  m_model->setToolTip(tr("A model folder, .safetensors, .gguf or llama2.c file; the models open in the workbench are listed."));
  m_host->setToolTip(tr("127.0.0.1 keeps the server on this machine; any other address needs an API key."));
  m_port->setToolTip(tr("0 picks a free port."));
  m_apiKey->setPlaceholderText(tr("none (this machine only)"));
  m_apiKey->setToolTip(tr("When set, every request must send \"Authorization: Bearer KEY\"."));
  m_policy->setItemText(0, tr("First come, first served"));
  m_policy->setItemText(1, tr("Longest first"));
  m_policy->setItemText(2, tr("Shortest first"));
  m_policy->setToolTip(tr("Which waiting request gets a free slot first (requests waiting 30 s go first whatever the policy)."));
  m_maxBatch->setToolTip(tr("Requests decoded together in one step."));
  m_maxWait->setToolTip(tr("An idle server holds its first request this long so others can join its batch."));
  m_tokenCap->setSpecialValueText(tr("automatic"));
  m_tokenCap->setToolTip(tr("Prompt plus max_tokens summed over running requests; automatic: batch size × context."));
  m_threads->setSpecialValueText(tr("automatic"));
  m_start->setText(tr("Start"));
  m_stop->setText(tr("Stop"));
  m_swap->setText(tr("Swap to this model"));
  m_swap->setToolTip(tr("Open the model in the Model box and switch to it between two steps: requests already running finish "
                        "on the old version, none is dropped."));
  const QStringList names = {tr("requests/s"), tr("tokens/s"), tr("latency P50"), tr("latency P99"), tr("batch size"),
                             tr("queued"), tr("running"), tr("served")};
  for (int i = 0; i < kFigures; ++i) m_names[i]->setText(names[i]);
  const QStringList titles = {tr("Requests per second"), tr("Latency (ms)"), tr("Batch size (requests per step)"), tr("Queue depth")};
  for (int i = 0; i < m_chartTitles.size(); ++i) m_chartTitles[i]->setText(titles[i]);
  for (LiveSeriesChart* c : {m_qps, m_latency, m_batch, m_queue}) c->setAxisLabels(tr("seconds"), QString());
  m_qps->setSeriesNames({tr("requests/s")});
  m_latency->setSeriesNames({tr("P50"), tr("P99")});
  m_batch->setSeriesNames({tr("batch size")});
  m_queue->setSeriesNames({tr("queued")});
}

void ServePage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}
