// api::JsonGuard, differentially against Qt's JSON parser: it must never reject a body Qt
// accepts except for the rules it adds on purpose (depth, count, lone surrogates, digits).
#include "FuzzSupport.h"
#include "api/JsonGuard.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <limits>

using namespace switchyard;
using namespace Qt::StringLiterals;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView body = fuzz::input(data, size);
    const auto problem = api::JsonGuard::check(body);

    api::JsonGuard::Limits tight;
    tight.maxDepth = 3;
    tight.maxValues = 20;
    tight.maxIntegerDigits = 4;
    (void)api::JsonGuard::check(body, tight);

    if (problem) {
        const qsizetype at = problem->message.lastIndexOf(u"offset "_s);
        if (at >= 0) {
            const qsizetype offset = problem->message.mid(at + 7).chopped(1).toLongLong();
            if (offset < 0 || offset >= body.size())
                fuzz::fail("problem offset outside the body");
        }
    }
    if (!problem || size > 256 * 1024)
        return 0;
    QJsonParseError error;
    QJsonDocument::fromJson(QByteArray::fromRawData(body.data(), body.size()), &error);
    if (error.error != QJsonParseError::NoError)
        return 0;
    // Qt accepted it. Without the guard's own policy limits the only remaining reason to
    // refuse is a lone surrogate escape, which Qt lets through and we do not.
    api::JsonGuard::Limits loose;
    loose.maxDepth = std::numeric_limits<int>::max();
    loose.maxValues = std::numeric_limits<qint64>::max();
    loose.maxIntegerDigits = std::numeric_limits<int>::max();
    const auto strict = api::JsonGuard::check(body, loose);
    if (strict && !strict->message.contains(u"unpaired surrogate"_s))
        fuzz::fail("the guard rejects a body Qt accepts");
    return 0;
}
