#include "RequestId.h"

#include <QRandomGenerator>
#include <QString>

namespace switchyard::base {

QByteArray RequestId::generate()
{
    quint32 words[3];
    QRandomGenerator::global()->fillRange(words);
    return "req_" + QByteArray(reinterpret_cast<const char *>(words), sizeof(words)).toHex();
}

QByteArray RequestId::fromClientOrNew(const QByteArray &clientValue)
{
    if (clientValue.isEmpty() || clientValue.size() > 128)
        return generate();
    for (char c : clientValue) {
        const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '-' || c == '_' || c == '.' || c == ':';
        if (!safe)
            return generate(); // never reflect arbitrary bytes into our response headers
    }
    return clientValue;
}

} // namespace switchyard::base
