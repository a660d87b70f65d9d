// FileDialogs: the workbench's file dialogs, all starting in the folder the user last used (or
// the home folder), never in the working directory the workbench happened to start in.
//
// Each call remembers the folder of what the user chose (AppSettings::lastDirectory); code that
// writes a file chosen elsewhere can remember() it too. Threading: GUI thread only.
#pragma once

#include <QString>

class AppSettings;
class QWidget;

namespace FileDialogs {

QString openFile(QWidget* parent, AppSettings& settings, const QString& title, const QString& filter);
QString openFolder(QWidget* parent, AppSettings& settings, const QString& title);
// `suggestedName` is placed in the last-used folder.
QString saveFile(QWidget* parent, AppSettings& settings, const QString& title, const QString& suggestedName, const QString& filter);
// Remembers the folder of `path` (a file or a folder) as the last used.
void remember(AppSettings& settings, const QString& path);

}  // namespace FileDialogs
