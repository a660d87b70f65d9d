// KeyValueCard: a titled card of labelled facts in sections (the model card, job details).
//
// Fed with plain strings: the caller translates the keys and formats the values, and calls
// setSections() again on a language change. Value labels are selectable so users can copy a hash
// or a path, and carry the dynamic property "dswData" = true (they show data, not UI text).
// Threading: GUI thread only.
#pragma once

#include <QList>
#include <QScrollArea>
#include <QString>

class QLabel;
class QVBoxLayout;

struct KeyValueRow {
  QString key;
  QString value;
  QString toolTip;
  bool monospace = false;
};

struct KeyValueSection {
  QString title;
  QList<KeyValueRow> rows;
};

class KeyValueCard : public QScrollArea {
  Q_OBJECT
 public:
  explicit KeyValueCard(QWidget* parent = nullptr);

  void setTitle(const QString& title);
  void setSubtitle(const QString& subtitle);
  // A highlighted notice under the title (e.g. "untrained demo model"); empty hides it.
  void setBadge(const QString& text);
  // Shows these sections. Values of an unchanged shape are updated in place; a rebuilt card starts
  // at the top unless `keepScrollPosition` (a refresh of the same card: the reader stays put).
  void setSections(const QList<KeyValueSection>& sections, bool keepScrollPosition = false);
  void clear();

  QString title() const;
  QString badge() const;
  // The value shown for `key` (first match), or a null string. For tests and copy actions.
  QString value(const QString& key) const;

 private:
  QLabel* m_title;
  QLabel* m_subtitle;
  QLabel* m_badge;
  QWidget* m_sectionsHost;
  QVBoxLayout* m_sectionsLayout;
  QList<KeyValueSection> m_sections;
  QList<QLabel*> m_valueLabels;  // in row order, for updates in place
  QMetaObject::Connection m_restoreScroll;
};
