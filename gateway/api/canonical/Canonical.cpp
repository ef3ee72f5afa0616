#include "Canonical.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical {

QString roleName(Role role)
{
    switch (role) {
    case Role::System:
        return u"system"_s;
    case Role::User:
        return u"user"_s;
    case Role::Assistant:
        return u"assistant"_s;
    case Role::Tool:
        return u"tool"_s;
    }
    return u"user"_s;
}

QJsonValue stripSchemaKeys(const QJsonValue &value)
{
    if (value.isArray()) {
        QJsonArray array;
        for (const QJsonValue &item : value.toArray())
            array.append(stripSchemaKeys(item));
        return array;
    }
    if (!value.isObject())
        return value;
    QJsonObject object = value.toObject();
    object.remove(u"$schema"_s);
    for (auto it = object.begin(); it != object.end(); ++it)
        it.value() = stripSchemaKeys(it.value());
    return object;
}

StreamEvent makeEvent(StreamEvent::Kind kind, int index, const QString &text)
{
    StreamEvent event;
    event.kind = kind;
    event.index = index;
    event.text = text;
    return event;
}

} // namespace switchyard::api::canonical
