#pragma once

#include <QColor>
#include <QIcon>

namespace switchyard::ui {

/// The Switchyard mark (two rails joining), drawn so it is crisp at every size.
/// \a status tints the signal lamp: green running, amber starting, red stopped.
QIcon appIcon(const QColor &status = QColor(0x2e, 0xb8, 0x72));

} // namespace switchyard::ui
