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

} // namespace switchyard::api::canonical
