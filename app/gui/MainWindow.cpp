// MainWindow (see header).
#include "MainWindow.h"

#include "LogView.h"
#include "NavigationRail.h"

#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QStackedWidget>
#include <QStatusBar>

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_rail(new NavigationRail), m_stack(new QStackedWidget), m_log(new LogView), m_logDock(new QDockWidget(this)),
      m_device(new QLabel), m_memory(new QLabel), m_job(new QLabel) {
  setObjectName(QStringLiteral("mainWindow"));
  setAcceptDrops(true);
  setMinimumSize(980, 640);
  resize(1360, 860);

  auto* central = new QWidget(this);
  auto* h = new QHBoxLayout(central);
  h->setContentsMargins(0, 0, 0, 0);
  h->setSpacing(0);
  h->addWidget(m_rail);
  h->addWidget(m_stack, 1);
  setCentralWidget(central);
  connect(m_rail, &NavigationRail::currentChanged, this, [this](int i) {
    m_stack->setCurrentIndex(i);
    emit areaChanged(m_keys.value(i));
  });

  m_logDock->setObjectName(QStringLiteral("logDock"));
  m_logDock->setWidget(m_log);
  m_logDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
  addDockWidget(Qt::BottomDockWidgetArea, m_logDock);
  resizeDocks({m_logDock}, {150}, Qt::Vertical);

  // Status texts are interface words around data ("Device: CPU · 3 threads"): they follow the
  // language like any label.
  m_device->setObjectName(QStringLiteral("deviceStatus"));
  m_memory->setObjectName(QStringLiteral("memoryStatus"));
  m_job->setObjectName(QStringLiteral("jobStatus"));
  for (QLabel* l : {m_device, m_memory}) statusBar()->addWidget(l);
  statusBar()->addPermanentWidget(m_job);
  statusBar()->setSizeGripEnabled(false);
  retranslateUi();
}

int MainWindow::addArea(const QString& key, const QIcon& icon, std::function<QString()> title, QWidget* page, bool pinnedBottom) {
  const int i = m_rail->addItem(icon, title(), pinnedBottom);
  m_stack->insertWidget(i, page);
  m_keys.append(key);
  m_titles.append(std::move(title));
  return i;
}

void MainWindow::setAreaIcon(const QString& key, const QIcon& icon) { m_rail->setItemIcon(int(m_keys.indexOf(key)), icon); }

QString MainWindow::areaTitle(const QString& key) const {
  const qsizetype i = m_keys.indexOf(key);
  return i >= 0 ? m_titles[i]() : QString();
}

QString MainWindow::currentArea() const { return m_keys.value(m_rail->currentIndex()); }

QWidget* MainWindow::areaPage(const QString& key) const { return m_stack->widget(int(m_keys.indexOf(key))); }

void MainWindow::showArea(const QString& key) {
  const int i = int(m_keys.indexOf(key));
  if (i >= 0) m_rail->setCurrentIndex(i);
}

void MainWindow::setDeviceText(const QString& text) { m_device->setText(text); }
void MainWindow::setMemoryText(const QString& text) { m_memory->setText(text); }
void MainWindow::setJobText(const QString& text) { m_job->setText(text); }

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  QStringList paths;
  for (const QUrl& url : event->mimeData()->urls())
    if (url.isLocalFile()) paths << url.toLocalFile();
  if (paths.isEmpty()) return;
  event->acceptProposedAction();
  emit filesDropped(paths);
}

void MainWindow::retranslateUi() {
  setWindowTitle(tr("DeepSeek Workbench"));
  m_logDock->setWindowTitle(tr("Log"));
  for (int i = 0; i < m_titles.size(); ++i) m_rail->setItemText(i, m_titles[i]());
}

void MainWindow::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  emit closing();
  QMainWindow::closeEvent(event);
}
