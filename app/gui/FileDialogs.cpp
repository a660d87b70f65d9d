// FileDialogs (see header).
#include "FileDialogs.h"

#include "AppSettings.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>

namespace FileDialogs {

void remember(AppSettings& settings, const QString& path) {
  if (path.isEmpty()) return;
  const QFileInfo fi(path);
  settings.setLastDirectory(fi.isDir() ? fi.absoluteFilePath() : fi.absolutePath());
}

QString openFile(QWidget* parent, AppSettings& settings, const QString& title, const QString& filter) {
  const QString file = QFileDialog::getOpenFileName(parent, title, settings.lastDirectory(), filter);
  remember(settings, file);
  return file;
}

QString openFolder(QWidget* parent, AppSettings& settings, const QString& title) {
  const QString dir = QFileDialog::getExistingDirectory(parent, title, settings.lastDirectory());
  if (!dir.isEmpty()) settings.setLastDirectory(QFileInfo(dir).absolutePath());  // its parent: the next model is a sibling
  return dir;
}

QString saveFile(QWidget* parent, AppSettings& settings, const QString& title, const QString& suggestedName, const QString& filter) {
  const QString file = QFileDialog::getSaveFileName(parent, title, QDir(settings.lastDirectory()).filePath(suggestedName), filter);
  remember(settings, file);
  return file;
}

}  // namespace FileDialogs
