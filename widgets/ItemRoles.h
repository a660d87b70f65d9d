// Item data roles shared by the workbench's table models.
#pragma once

#include <Qt>

namespace ItemRoles {
// true when a cell (or header section) holds data — a model name, a path, an engine message, a
// number — rather than interface text that follows the language. The language test reads it.
constexpr int IsData = Qt::UserRole + 99;
}  // namespace ItemRoles
