// NavigationRail: checkable tool buttons in one exclusive group.
#include "NavigationRail.h"

#include <QButtonGroup>
#include <QToolButton>
#include <QVBoxLayout>

NavigationRail::NavigationRail(QWidget* parent) : QWidget(parent), m_group(new QButtonGroup(this)) {
  setObjectName(QStringLiteral("navigationRail"));
  setAttribute(Qt::WA_StyledBackground);
  // As wide as its widest label, always: the pages give way, never the area names ("Ben…rks").
  setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Preferred);
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(6, 10, 6, 10);
  outer->setSpacing(4);
  m_top = new QVBoxLayout;
  m_top->setSpacing(4);
  m_bottom = new QVBoxLayout;
  m_bottom->setSpacing(4);
  outer->addLayout(m_top);
  outer->addStretch(1);
  outer->addLayout(m_bottom);
  m_group->setExclusive(true);
  connect(m_group, &QButtonGroup::idToggled, this, [this](int id, bool checked) {
    if (checked) emit currentChanged(id);
  });
}

int NavigationRail::addItem(const QIcon& icon, const QString& text, bool bottom) {
  auto* b = new QToolButton(this);
  b->setObjectName(QStringLiteral("navButton"));
  b->setCheckable(true);
  b->setAutoRaise(true);
  b->setIcon(icon);
  b->setIconSize(QSize(24, 24));
  b->setText(text);
  b->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
  b->setMinimumSize(76, 60);
  b->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
  b->setFocusPolicy(Qt::TabFocus);
  const int index = int(m_buttons.size());
  m_group->addButton(b, index);
  (bottom ? m_bottom : m_top)->addWidget(b);
  m_buttons.append(b);
  if (index == 0) b->setChecked(true);
  return index;
}

void NavigationRail::setItemText(int index, const QString& text) {
  if (index >= 0 && index < m_buttons.size()) m_buttons[index]->setText(text);
}

void NavigationRail::setItemToolTip(int index, const QString& toolTip) {
  if (index >= 0 && index < m_buttons.size()) m_buttons[index]->setToolTip(toolTip);
}

void NavigationRail::setItemIcon(int index, const QIcon& icon) {
  if (index >= 0 && index < m_buttons.size()) m_buttons[index]->setIcon(icon);
}

QString NavigationRail::itemText(int index) const {
  return index >= 0 && index < m_buttons.size() ? m_buttons[index]->text() : QString();
}

int NavigationRail::count() const { return int(m_buttons.size()); }

int NavigationRail::currentIndex() const { return m_group->checkedId(); }

void NavigationRail::setCurrentIndex(int index) {
  if (index >= 0 && index < m_buttons.size()) m_buttons[index]->setChecked(true);
}
