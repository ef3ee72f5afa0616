#pragma once

#include <QByteArray>

namespace switchyard::http {

/// Reason phrase for an HTTP status code ("Unknown" for codes we never send).
QByteArray reasonPhrase(int status);

} // namespace switchyard::http
