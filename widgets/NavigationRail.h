// NavigationRail: the vertical strip of area buttons on the left of the main window (icon above a
// short label), with an optional group pinned to the bottom (Settings).
//
// Plain widget: knows nothing of what the areas are. Threading: GUI thread only.
#pragma once

#include <QIcon>
#include <QWidget>

class QButtonGroup;
class QToolButton;
class QVBoxLayout;

class NavigationRail : public QWidget {
  Q_OBJECT
 public:
  explicit NavigationRail(QWidget* parent = nullptr);

  // Adds an area button and returns its index. `bottom` pins it under the stretch.
  int addItem(const QIcon& icon, const QString& text, bool bottom = false);
  void setItemText(int index, const QString& text);
  void setItemToolTip(int index, const QString& toolTip);
  void setItemIcon(int index, const QIcon& icon);
  QString itemText(int index) const;
  int count() const;
  int currentIndex() const;

 public slots:
  void setCurrentIndex(int index);

 signals:
  void currentChanged(int index);

 private:
  QButtonGroup* m_group;
  QVBoxLayout* m_top;
  QVBoxLayout* m_bottom;
  QList<QToolButton*> m_buttons;
};
