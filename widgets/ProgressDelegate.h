// ProgressDelegate: paints a job's progress as a slim bar with its text, in the Jobs table.
//
// Reads JobTableModel::ProgressRole (0..1, < 0 unknown) and StateRole; running jobs with unknown
// progress get an indeterminate stripe. Threading: GUI thread only.
#pragma once

#include <QStyledItemDelegate>

class ProgressDelegate : public QStyledItemDelegate {
  Q_OBJECT
 public:
  explicit ProgressDelegate(QObject* parent = nullptr);
  void setAccent(const QColor& accent, const QColor& track);
  void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
  QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

 private:
  QColor m_accent{0x3d, 0x6f, 0xe0};
  QColor m_track{0xe3, 0xe7, 0xee};
};
