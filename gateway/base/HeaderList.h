#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <utility>

namespace switchyard::base {

/// HTTP header fields in the order they were received or are to be sent.
using HeaderList = QList<std::pair<QByteArray, QByteArray>>;

/// Case-insensitive lookup of the first header called \a name.
QByteArray headerValue(const HeaderList &headers, QByteArrayView name);

} // namespace switchyard::base
