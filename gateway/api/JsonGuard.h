#pragma once

#include <QByteArrayView>
#include <QString>

#include <optional>

namespace switchyard::api {

/// Bounds JsonGuard enforces; the defaults suit every API the gateway serves.
struct JsonGuardLimits
{
    int maxDepth = 64; ///< nested arrays/objects
    qint64 maxValues = 1'000'000; ///< values and member names in the whole body
    int maxIntegerDigits = 300; ///< digits before the decimal point of one number
};

/// Why a body was refused: a message for the client and the JSON path of the offending
/// value (e.g. `messages[0].content`, empty at the top level) for the error's `param`.
struct JsonGuardProblem
{
    QString message;
    QString param;
};

/// A single linear pass over a request body before Qt parses it. Qt's parser recurses
/// (1024 levels), accepts lone surrogates and has no size caps; this rejects such bodies
/// cheaply and with a precise message. It checks depth, UTF-8 (raw bytes and \u escapes),
/// number range and the value count; it does not validate JSON syntax.
class JsonGuard final
{
public:
    using Limits = JsonGuardLimits;
    using Problem = JsonGuardProblem;

    /// The first problem found in \a body, or nothing if Qt may parse it.
    static std::optional<Problem> check(QByteArrayView body, const Limits &limits = {});
};

} // namespace switchyard::api
