#include "ConfigValidator.h"

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace switchyard::base {

void ConfigValidator::fail(const QString &path, const QString &what)
{
    m_errors.append(path + u": "_s + what);
}

void ConfigValidator::rejectUnknownKeys(const QJsonObject &object, const QString &path,
                                        const QStringList &allowed)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!allowed.contains(it.key()))
            fail(join(path, it.key()), u"unknown field (allowed: %1)"_s.arg(allowed.join(u", "_s)));
    }
}

QString ConfigValidator::join(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path + u'.' + key;
}

QString ConfigValidator::index(const QString &path, qsizetype i)
{
    return path + u'[' + QString::number(i) + u']';
}

std::optional<QString> ConfigValidator::string(const QJsonObject &o, const QString &key,
                                               const QString &path, bool required)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined()) {
        if (required)
            fail(join(path, key), u"missing (a string is required)"_s);
        return std::nullopt;
    }
    if (!v.isString()) {
        fail(join(path, key), u"must be a string"_s);
        return std::nullopt;
    }
    if (v.toString().trimmed().isEmpty()) {
        fail(join(path, key), u"must not be empty"_s);
        return std::nullopt;
    }
    return v.toString();
}

std::optional<qint64> ConfigValidator::integer(const QJsonObject &o, const QString &key,
                                               const QString &path, qint64 min, qint64 max)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return std::nullopt;
    const double d = v.toDouble(std::numeric_limits<double>::quiet_NaN());
    // Range first: converting a double outside qint64's range is undefined (found by fuzzing).
    if (v.isDouble() && std::isfinite(d) && (d < double(min) || d > double(max))) {
        fail(join(path, key), u"must be between %1 and %2"_s.arg(min).arg(max));
        return std::nullopt;
    }
    if (!v.isDouble() || !std::isfinite(d) || d != std::trunc(d)) {
        fail(join(path, key), u"must be a whole number"_s);
        return std::nullopt;
    }
    const auto n = static_cast<qint64>(d);
    if (n < min || n > max) {
        fail(join(path, key), u"must be between %1 and %2"_s.arg(min).arg(max));
        return std::nullopt;
    }
    return n;
}

std::optional<double> ConfigValidator::nonNegative(const QJsonObject &o, const QString &key,
                                                   const QString &path)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return std::nullopt;
    if (!v.isDouble() || !std::isfinite(v.toDouble()) || v.toDouble() < 0) {
        fail(join(path, key), u"must be a number >= 0"_s);
        return std::nullopt;
    }
    return v.toDouble();
}

std::optional<bool> ConfigValidator::boolean(const QJsonObject &o, const QString &key,
                                             const QString &path)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return std::nullopt;
    if (!v.isBool()) {
        fail(join(path, key), u"must be true or false"_s);
        return std::nullopt;
    }
    return v.toBool();
}

std::optional<QJsonObject> ConfigValidator::object(const QJsonObject &o, const QString &key,
                                                   const QString &path)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return std::nullopt;
    if (!v.isObject()) {
        fail(join(path, key), u"must be an object"_s);
        return std::nullopt;
    }
    return v.toObject();
}

} // namespace switchyard::base
