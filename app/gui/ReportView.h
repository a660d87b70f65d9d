// ReportView: a chart from another area (an Inspect heatmap) to include in the next benchmark
// report: a title, a caption saying what it shows (model, prompt) and the rendered image.
#pragma once

#include <QImage>
#include <QMetaType>
#include <QString>

struct ReportView {
  QString title;
  QString caption;
  QImage image;  // drawn at twice the size it is shown at
};

Q_DECLARE_METATYPE(ReportView)
