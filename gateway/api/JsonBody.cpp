#include "JsonBody.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QString>

namespace switchyard::api {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

qsizetype skipSpace(QByteArrayView s, qsizetype i)
{
    while (i < s.size() && isSpace(s[i]))
        ++i;
    return i;
}

// Index one past the end of the string starting at s[i] == '"'.
qsizetype skipString(QByteArrayView s, qsizetype i)
{
    for (++i; i < s.size(); ++i) {
        if (s[i] == '\\')
            ++i;
        else if (s[i] == '"')
            return i + 1;
    }
    return s.size();
}

// Index one past the end of the value starting at s[i].
qsizetype skipValue(QByteArrayView s, qsizetype i)
{
    if (i >= s.size())
        return i;
    if (s[i] == '"')
        return skipString(s, i);
    if (s[i] == '{' || s[i] == '[') {
        int depth = 0;
        for (; i < s.size(); ++i) {
            const char c = s[i];
            if (c == '"') {
                i = skipString(s, i) - 1;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return i + 1;
            }
        }
        return s.size();
    }
    while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && !isSpace(s[i]))
        ++i;
    return i;
}

struct Member
{
    qsizetype keyBegin; // the opening quote of the key
    JsonBody::Span value;
};

// Walks the top-level object; calls \a visit(key, member) until it returns true.
template<typename Visit> void forEachMember(QByteArrayView s, Visit visit)
{
    qsizetype i = skipSpace(s, 0);
    if (i >= s.size() || s[i] != '{')
        return;
    ++i;
    for (;;) {
        i = skipSpace(s, i);
        if (i >= s.size() || s[i] != '"')
            return;
        const qsizetype keyBegin = i;
        const qsizetype keyEnd = skipString(s, i);
        const QByteArrayView rawKey = s.sliced(keyBegin + 1, keyEnd - keyBegin - 2);
        i = skipSpace(s, keyEnd);
        if (i >= s.size() || s[i] != ':')
            return;
        i = skipSpace(s, i + 1);
        const qsizetype valueEnd = skipValue(s, i);
        if (visit(rawKey, Member { keyBegin, { i, valueEnd } }))
            return;
        i = skipSpace(s, valueEnd);
        if (i >= s.size() || s[i] != ',')
            return;
        ++i;
    }
}

bool keyEquals(QByteArrayView rawKey, QByteArrayView key)
{
    if (!rawKey.contains('\\'))
        return rawKey == key;
    // Escaped key: compare decoded forms.
    const QJsonDocument doc = QJsonDocument::fromJson("[\"" + rawKey.toByteArray() + "\"]");
    return doc.array().at(0).toString().toUtf8() == key;
}

} // namespace

std::optional<JsonBody::Span> JsonBody::findMember(QByteArrayView json, QByteArrayView key)
{
    std::optional<Span> found;
    forEachMember(json, [&](QByteArrayView rawKey, const Member &m) {
        if (keyEquals(rawKey, key))
            found = m.value; // keep going: with duplicate keys, parsers take the last one
        return false;
    });
    return found;
}

QByteArray JsonBody::setMember(const QByteArray &json, QByteArrayView key, const QByteArray &value)
{
    QByteArray out = json;
    if (const auto span = findMember(json, key)) {
        out.replace(span->begin, span->end - span->begin, value);
        return out;
    }
    const qsizetype close = out.lastIndexOf('}');
    if (close < 0)
        return out;
    qsizetype prev = close - 1;
    while (prev >= 0 && isSpace(out[prev]))
        --prev;
    const bool empty = prev >= 0 && out[prev] == '{';
    QByteArray member
        = (empty ? QByteArray() : QByteArrayLiteral(",")) + '"' + key.toByteArray() + "\":" + value;
    out.insert(close, member);
    return out;
}

QByteArray JsonBody::removeMember(const QByteArray &json, QByteArrayView key)
{
    std::optional<Member> found;
    forEachMember(json, [&](QByteArrayView rawKey, const Member &m) {
        if (keyEquals(rawKey, key)) {
            found = m;
            return true;
        }
        return false;
    });
    if (!found)
        return json;
    QByteArray out = json;
    qsizetype begin = found->keyBegin;
    qsizetype end = skipSpace(json, found->value.end);
    if (end < json.size() && json[end] == ',') {
        end = end + 1; // remove "key": value,
    } else {
        // Last member: remove the comma before it instead.
        qsizetype prev = begin - 1;
        while (prev >= 0 && isSpace(json[prev]))
            --prev;
        if (prev >= 0 && json[prev] == ',')
            begin = prev;
    }
    out.remove(begin, end - begin);
    return out;
}

QByteArray JsonBody::quote(const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray { text }).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

} // namespace switchyard::api
