#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace switchyard::base {

/// Collects every problem with its field path so one run shows the user all of them, and
/// reads typed values, reporting wrong types on the way.
class ConfigValidator final
{
public:
    void fail(const QString &path, const QString &what);
    bool failed() const { return !m_errors.isEmpty(); }
    QString message() const { return m_errors.join(u'\n'); }

    void rejectUnknownKeys(const QJsonObject &object, const QString &path,
                           const QStringList &allowed);

    static QString join(const QString &path, const QString &key);
    static QString index(const QString &path, qsizetype i);

    /// A non-empty string, or nothing (reported) when missing-but-required or mistyped.
    std::optional<QString> string(const QJsonObject &o, const QString &key, const QString &path,
                                  bool required);
    /// A whole number in [min, max], or nothing when absent or invalid (reported).
    std::optional<qint64> integer(const QJsonObject &o, const QString &key, const QString &path,
                                  qint64 min, qint64 max);
    /// A finite number >= 0, or nothing when absent or invalid (reported).
    std::optional<double> nonNegative(const QJsonObject &o, const QString &key,
                                      const QString &path);
    std::optional<bool> boolean(const QJsonObject &o, const QString &key, const QString &path);
    std::optional<QJsonObject> object(const QJsonObject &o, const QString &key,
                                      const QString &path);

private:
    QStringList m_errors;
};

} // namespace switchyard::base
