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

void appendToolResult(Request &request, const ContentBlock &result)
{
    const bool merge = !request.messages.isEmpty()
        && request.messages.constLast().role == Role::User
        && !request.messages.constLast().content.isEmpty()
        && request.messages.constLast().content.constLast().kind == ContentBlock::Kind::ToolResult;
    if (merge) {
        request.messages.last().content.append(result);
        return;
    }
    Message user;
    user.role = Role::User;
    user.content.append(result);
    request.messages.append(user);
}

StreamEvent makeEvent(StreamEvent::Kind kind, int index, const QString &text)
{
    StreamEvent event;
    event.kind = kind;
    event.index = index;
    event.text = text;
    return event;
}

StreamEvent makeErrorEvent(const QString &type, const QString &message)
{
    StreamEvent event = makeEvent(StreamEvent::Kind::Error);
    event.errorType = type;
    event.errorMessage = message;
    return event;
}

} // namespace switchyard::api::canonical
