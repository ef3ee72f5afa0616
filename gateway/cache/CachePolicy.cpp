#include "CachePolicy.h"

#include <initializer_list>

using namespace Qt::StringLiterals;

namespace switchyard::cache {

namespace {

// True when a comma-separated directive list holds one of \a names (ignoring "=value").
bool hasDirective(QByteArrayView list, std::initializer_list<QByteArrayView> names)
{
    for (const QByteArray &part : list.toByteArray().split(',')) {
        QByteArray directive = part.trimmed();
        const qsizetype equals = directive.indexOf('=');
        if (equals >= 0)
            directive = directive.first(equals).trimmed();
        for (const QByteArrayView name : names) {
            if (directive.compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
    }
    return false;
}

} // namespace

bool CachePolicy::bypass(const base::HeaderList &headers)
{
    for (const auto &[name, value] : headers) {
        if (name.compare("cache-control", Qt::CaseInsensitive) == 0
            && hasDirective(value, { "no-cache", "no-store" }))
            return true;
        if (name.compare("pragma", Qt::CaseInsensitive) == 0 && hasDirective(value, { "no-cache" }))
            return true;
    }
    return false;
}

} // namespace switchyard::cache
