#include "Canonical.h"

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

StreamEvent makeEvent(StreamEvent::Kind kind, int index, const QString &text)
{
    StreamEvent event;
    event.kind = kind;
    event.index = index;
    event.text = text;
    return event;
}

} // namespace switchyard::api::canonical
