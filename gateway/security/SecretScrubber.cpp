#include "SecretScrubber.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QString>

#include <array>

namespace switchyard::security {

namespace {

struct KeyShape
{
    QByteArrayView prefix;
    bool caseInsensitive = false;
    bool tokenChars = false; ///< Bearer tokens may also hold '.', '~', '+', '/' and '='
};

// Longer prefixes first, so "sk-ant-…" keeps its more telling prefix.
constexpr std::array<KeyShape, 6> kShapes { { { "sk-ant-", false, false },
                                              { "sk-proj-", false, false },
                                              { "sk-", false, false },
                                              { "AIza", false, false },
                                              { "gsk_", false, false },
                                              { "Bearer ", true, true } } };

bool isKeyChar(char c, bool tokenChars)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
        || c == '_')
        return true;
    return tokenChars && (c == '.' || c == '~' || c == '+' || c == '/' || c == '=');
}

QList<QByteArray> formsOf(const QByteArray &secret)
{
    QList<QByteArray> forms { secret };
    const QByteArray json
        = QJsonDocument(QJsonArray { QString::fromUtf8(secret) }).toJson(QJsonDocument::Compact);
    QByteArray escaped = json.mid(2, json.size() - 4); // strip [" and "]
    forms.append(escaped);
    forms.append(QByteArray(escaped).replace("/", "\\/"));
    forms.append(secret.toPercentEncoding());
    QList<QByteArray> unique;
    for (const QByteArray &form : forms) {
        if (!form.isEmpty() && !unique.contains(form))
            unique.append(form);
    }
    return unique;
}

qsizetype matchShape(const QByteArray &body, qsizetype pos, QByteArray &out)
{
    for (const KeyShape &shape : kShapes) {
        const QByteArrayView here = QByteArrayView(body).sliced(pos);
        if (here.size() < shape.prefix.size()
            || here.first(shape.prefix.size())
                    .compare(shape.prefix,
                             shape.caseInsensitive ? Qt::CaseInsensitive : Qt::CaseSensitive)
                != 0)
            continue;
        qsizetype end = shape.prefix.size();
        while (end < here.size() && isKeyChar(here[end], shape.tokenChars))
            ++end;
        if (end - shape.prefix.size() < SecretScrubber::minKeyChars)
            continue;
        out += here.first(shape.prefix.size());
        out += "\xE2\x80\xA6"; // "…"
        out += SecretScrubber::redacted;
        return end;
    }
    return 0;
}

} // namespace

QByteArray SecretScrubber::scrub(QByteArray body, const QList<QByteArray> &secrets)
{
    for (const QByteArray &secret : secrets) {
        if (secret.size() < minSecretLength)
            continue;
        for (const QByteArray &form : formsOf(secret))
            body.replace(form, redacted.toByteArray());
    }
    QByteArray out;
    out.reserve(body.size());
    bool previousIsKeyChar = false;
    for (qsizetype pos = 0; pos < body.size();) {
        // A shape only counts at the start of a word: "task-" does not hold a key.
        if (!previousIsKeyChar) {
            if (const qsizetype length = matchShape(body, pos, out); length > 0) {
                pos += length;
                previousIsKeyChar = false;
                continue;
            }
        }
        const char c = body.at(pos++);
        out += c;
        previousIsKeyChar = isKeyChar(c, false);
    }
    return out;
}

} // namespace switchyard::security
