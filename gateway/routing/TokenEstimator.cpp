#include "TokenEstimator.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

using namespace Qt::StringLiterals;

namespace switchyard::routing {

namespace {

enum class CharClass { Newline, Space, Digit, Latin, OtherLetter, Cjk, CjkPunct, Astral, Punct };

CharClass classify(uint c)
{
    if (c == u'\n' || c == u'\r')
        return CharClass::Newline;
    if (c == u' ' || c == u'\t' || c == 0xa0)
        return CharClass::Space;
    if (c >= u'0' && c <= u'9')
        return CharClass::Digit;
    if ((c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z'))
        return CharClass::Latin;
    if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af)
        || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x2ffff))
        return CharClass::Cjk;
    if ((c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef))
        return CharClass::CjkPunct;
    if (c > 0xffff)
        return CharClass::Astral; // mostly emoji: two or three byte-level tokens each
    if (QChar::isLetter(c) || QChar::isMark(c))
        return c < 0x250 ? CharClass::Latin : CharClass::OtherLetter;
    return CharClass::Punct;
}

bool isPartType(const QJsonObject &part, std::initializer_list<QStringView> types)
{
    const QString type = part.value(u"type"_s).toString();
    return std::any_of(types.begin(), types.end(), [&](QStringView t) { return type == t; });
}

} // namespace

qint64 TokenEstimator::estimateText(QStringView text)
{
    return qint64(std::llround(textTokens(text)));
}

// Mirrors how cl100k's pre-tokenizer splits text: a word with its leading space is usually one
// token (long or rare words split every ~8 letters), digits go in groups of three and never
// merge with a space, punctuation runs merge in small groups and swallow a following newline,
// CJK costs about a token per character. Calibrated against js-tiktoken on prose and code.
double TokenEstimator::textTokens(QStringView text)
{
    const QList<uint> cps = text.toUcs4();
    const qsizetype n = cps.size();
    double tokens = 0;
    qsizetype i = 0;
    while (i < n) {
        const CharClass c = classify(cps[i]);
        qsizetype j = i + 1;
        if (c == CharClass::Newline) {
            while (
                j < n
                && (classify(cps[j]) == CharClass::Newline || classify(cps[j]) == CharClass::Space))
                ++j;
        } else if (c != CharClass::Cjk && c != CharClass::CjkPunct && c != CharClass::Astral) {
            while (j < n && classify(cps[j]) == c)
                ++j;
        }
        const auto length = double(j - i);
        const bool afterSpace = i > 0 && cps[i - 1] == u' ';
        switch (c) {
        case CharClass::Latin:
            tokens += 1 + std::floor((length - 1) / 8);
            break;
        case CharClass::OtherLetter:
            tokens += std::ceil(length / 2.5);
            break;
        case CharClass::Digit:
            tokens += std::ceil(length / 3) + (afterSpace ? 1 : 0);
            break;
        case CharClass::Cjk:
            tokens += cps[i] >= 0x3400 ? 1.2 : 1.0; // kana and hangul a little cheaper
            break;
        case CharClass::CjkPunct:
            tokens += 1;
            break;
        case CharClass::Astral:
            tokens += 2;
            break;
        case CharClass::Newline: {
            qsizetype trailingSpaces = 0;
            for (qsizetype k = j - 1; k > i && classify(cps[k]) == CharClass::Space; --k)
                ++trailingSpaces;
            const bool afterPunct = i > 0 && classify(cps[i - 1]) == CharClass::Punct;
            tokens += (afterPunct ? 0 : 1) + (trailingSpaces >= 2 ? 1 : 0);
            break;
        }
        case CharClass::Space:
            tokens += length > 1 ? 1 : 0; // one space rides on the next word
            break;
        case CharClass::Punct: {
            // "'s", "(x", "[i", ".h": one punctuation mark that starts a word merges with it.
            const uint p = cps[i];
            const bool startsWord = length == 1 && j < n && classify(cps[j]) == CharClass::Latin
                && (p == u'\'' || p == u'(' || p == u'.' || p == u'[');
            tokens += startsWord ? 0 : std::ceil(length / 3);
            break;
        }
        }
        i = j;
    }
    return tokens;
}

double TokenEstimator::valueTokens(const QJsonValue &value)
{
    if (value.isString())
        return textTokens(value.toString());
    if (value.isArray()) {
        double sum = 0;
        for (const QJsonValue &item : value.toArray())
            sum += valueTokens(item);
        return sum;
    }
    if (!value.isObject())
        return value.isDouble() ? 1 : 0;
    const QJsonObject o = value.toObject();
    // Never count an image's base64 data as text: it would look like a million tokens.
    if (isPartType(o, { u"image_url", u"input_image", u"image" }))
        return imageTokens;
    if (o.value(u"text"_s).isString())
        return textTokens(o.value(u"text"_s).toString());
    double sum = 0;
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key() != u"type"_s && it.key() != u"cache_control"_s)
            sum += valueTokens(it.value());
    }
    return sum;
}

qint64 TokenEstimator::estimateRequest(const QJsonObject &request)
{
    double tokens = 0;
    const QJsonArray messages = request.value(u"messages"_s).toArray();
    for (const QJsonValue &m : messages) {
        const QJsonObject message = m.toObject();
        tokens += perMessageTokens + valueTokens(message.value(u"content"_s));
        if (message.contains(u"name"_s))
            tokens += 1 + valueTokens(message.value(u"name"_s));
        if (message.contains(u"tool_calls"_s))
            tokens += valueTokens(message.value(u"tool_calls"_s));
        if (message.contains(u"function_call"_s))
            tokens += valueTokens(message.value(u"function_call"_s));
    }
    if (!messages.isEmpty())
        tokens += replyPrimingTokens;
    tokens += valueTokens(request.value(u"system"_s)); // Anthropic's top-level system prompt
    for (const auto &key : { u"tools"_s, u"functions"_s }) {
        const QJsonValue tools = request.value(key);
        // Providers render schemas more compactly than JSON; JSON errs on the safe side.
        if (tools.isArray() && !tools.toArray().isEmpty())
            tokens += textTokens(
                QString::fromUtf8(QJsonDocument(tools.toArray()).toJson(QJsonDocument::Compact)));
    }
    for (const auto &key : { u"prompt"_s, u"input"_s }) {
        const QJsonValue prompt = request.value(key);
        // A list of token ids is its own exact count.
        if (prompt.isArray() && !prompt.toArray().isEmpty() && prompt.toArray().at(0).isDouble())
            tokens += double(prompt.toArray().size());
        else
            tokens += valueTokens(prompt);
    }
    return qint64(std::llround(tokens));
}

} // namespace switchyard::routing
