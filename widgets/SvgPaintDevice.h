// SvgPaintDevice: a QPaintDevice that records what is painted on it as an SVG document, so charts
// can be exported as SVG without Qt's SVG module (not a dependency of the project).
//
// It writes what QCustomPlot and QPainter draw: paths, polygons, rectangles and lines (fill and
// stroke from the brush and pen, solid colours), text as <text> (font family, size, weight,
// colour, any transform), and images (colour maps, pixmaps) as embedded PNG with pixelated
// rendering — the way plotting libraries export bitmaps inside vector figures. Clipping to a
// rectangle is kept (QCustomPlot clips each plottable to its axis rect). Gradients are written as
// their first colour. Threading: one thread at a time, like any paint device.
#pragma once

#include <QPaintDevice>
#include <QString>

#include <memory>

class SvgPaintEngine;

class SvgPaintDevice : public QPaintDevice {
 public:
  SvgPaintDevice(int width, int height);
  ~SvgPaintDevice() override;

  QPaintEngine* paintEngine() const override;
  // The document, complete once the painter has ended.
  QString svg() const;

 protected:
  int metric(PaintDeviceMetric metric) const override;

 private:
  int m_width, m_height;
  std::unique_ptr<SvgPaintEngine> m_engine;
};
