// ProgressDelegate (see header).
#include "ProgressDelegate.h"

#include "JobTableModel.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

ProgressDelegate::ProgressDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

void ProgressDelegate::setAccent(const QColor& accent, const QColor& track) {
  m_accent = accent;
  m_track = track;
}

void ProgressDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
  QStyleOptionViewItem opt = option;
  initStyleOption(&opt, index);
  const QString text = opt.text;
  opt.text.clear();
  QApplication::style()->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

  const auto state = JobItem::State(index.data(JobTableModel::StateRole).toInt());
  const double progress = index.data(JobTableModel::ProgressRole).toDouble();
  if (state != JobItem::State::Running && state != JobItem::State::Queued) return;

  painter->save();
  painter->setRenderHint(QPainter::Antialiasing);
  const QRect r = option.rect.adjusted(6, 0, -6, 0);
  const QRectF bar(r.left(), r.center().y() + 4, r.width(), 4);
  QPainterPath track;
  track.addRoundedRect(bar, 2, 2);
  painter->fillPath(track, m_track);
  if (progress >= 0) {
    QPainterPath fill;
    fill.addRoundedRect(QRectF(bar.left(), bar.top(), bar.width() * std::min(1.0, progress), bar.height()), 2, 2);
    painter->fillPath(fill, m_accent);
  } else if (state == JobItem::State::Running) {
    QPainterPath fill;
    fill.addRoundedRect(QRectF(bar.left(), bar.top(), bar.width() * 0.3, bar.height()), 2, 2);
    painter->fillPath(fill, m_accent.lighter(130));
  }
  QRect textRect(r.left(), option.rect.top(), r.width(), option.rect.height() / 2 + 4);
  painter->setPen(option.palette.color(QPalette::Text));
  QFont f = option.font;
  f.setPointSizeF(f.pointSizeF() * 0.9);
  painter->setFont(f);
  painter->drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter, painter->fontMetrics().elidedText(text, Qt::ElideRight, r.width()));
  painter->restore();
}

QSize ProgressDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const {
  QSize s = QStyledItemDelegate::sizeHint(option, index);
  return {std::max(s.width(), 160), std::max(s.height(), 34)};
}
