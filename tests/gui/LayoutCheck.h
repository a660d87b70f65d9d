// LayoutCheck: finds the widgets of a window that got less room than they need — a label, button,
// field, table, chart or group box laid out smaller than its minimum size hint (or explicit
// minimum size), which is what clipped text ("Ben…rks", a cut-off "128") and lost axis labels are.
//
// Widgets inside a scroll area's content count too (the content is laid out at its own minimum),
// and so does content that sticks out of a scroll area which cannot scroll that way (scroll bar
// off): a form wider than its column loses its right edge though every widget keeps its size.
// A scroll area (a page, a tab, a chart grid) that scrolls sideways fails too: what lies beyond its
// right edge is hidden until the user scrolls. Tables and text views may scroll; they hold data.
// Parts Qt manages itself (scroll bars, a spin box's line edit, headers, tab-bar scrollers) and
// widgets whose size policy is Ignored in a direction are not judged in that direction.
#pragma once

#include <QStringList>

class QWidget;

namespace guitest {

// "QPushButton 'Browse…' (benchmarks/benchRunForm): 61x24 < 76x26" per squeezed widget.
QStringList squeezedWidgets(QWidget* root);

}  // namespace guitest
