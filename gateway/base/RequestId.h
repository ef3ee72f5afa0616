#pragma once

#include <QByteArray>

namespace switchyard::base {

/// Request ids: the client's own (if it is sane) or a new random one.
class RequestId final
{
public:
    static QByteArray generate();
    static QByteArray fromClientOrNew(const QByteArray &clientValue);
};

} // namespace switchyard::base
