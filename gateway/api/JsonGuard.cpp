#include "JsonGuard.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <system_error>
#include <vector>

using namespace Qt::StringLiterals;

namespace switchyard::api {

namespace {

// Longest member name shown in a problem's path; the path is for people, not machines.
constexpr qsizetype MaxKeyShown = 64;
// Exponents are only compared with ±308; saturating far beyond keeps the sum overflow-free.
constexpr qint64 ExponentCap = 1'000'000'000;
// Decimal exponent of the largest finite double (1.79…e308).
constexpr qint64 MaxDecimalExponent = 308;

bool isDigit(uchar c)
{
    return c >= '0' && c <= '9';
}

int hexValue(uchar c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool isHighSurrogate(int unit)
{
    return unit >= 0xD800 && unit <= 0xDBFF;
}

bool isLowSurrogate(int unit)
{
    return unit >= 0xDC00 && unit <= 0xDFFF;
}

// One open array or object, and where inside it the scan currently is (for the path).
struct Frame
{
    bool object = false;
    bool expectKey = false; ///< objects: the next string is a member name
    qsizetype keyStart = -1; ///< objects: the current member name's bytes in the body
    qsizetype keyLength = 0;
    qint64 index = -1; ///< arrays: index of the current element
};

class Scanner
{
public:
    Scanner(QByteArrayView body, const JsonGuardLimits &limits)
        : m_data(reinterpret_cast<const uchar *>(body.data())), m_size(body.size()),
          m_limits(limits)
    {
        m_frames.reserve(size_t(std::clamp(limits.maxDepth, 0, 64)) + 1);
    }

    std::optional<JsonGuardProblem> run();

private:
    std::optional<JsonGuardProblem> beginValue();
    std::optional<JsonGuardProblem> scanString();
    std::optional<JsonGuardProblem> scanNumber();
    qsizetype utf8Length(qsizetype i) const;
    int hex4(qsizetype i) const;

    JsonGuardProblem problem(const QString &message) const;
    JsonGuardProblem utf8Problem(const char *what, qsizetype offset) const;
    QString path() const;

    const uchar *m_data;
    qsizetype m_size;
    const JsonGuardLimits &m_limits;
    qsizetype m_pos = 0;
    qint64 m_values = 0;
    std::vector<Frame> m_frames;
};

std::optional<JsonGuardProblem> Scanner::run()
{
    while (m_pos < m_size) {
        const uchar c = m_data[m_pos];
        if (c == '"') {
            if (auto p = scanString())
                return p;
        } else if (c == '-' || c == '.' || isDigit(c)) { // Qt also reads ".5"
            if (auto p = beginValue())
                return p;
            if (auto p = scanNumber())
                return p;
        } else if (c == '{' || c == '[') {
            if (auto p = beginValue())
                return p;
            if (qsizetype(m_frames.size()) >= m_limits.maxDepth) {
                return problem(u"JSON nesting is deeper than %1 levels."_s.arg(m_limits.maxDepth));
            }
            Frame frame;
            frame.object = c == '{';
            frame.expectKey = frame.object;
            m_frames.push_back(frame);
            ++m_pos;
        } else if (c == '}' || c == ']') {
            if (!m_frames.empty())
                m_frames.pop_back(); // mismatched brackets are the real parser's business
            ++m_pos;
        } else if (c == ',' || c == ':') {
            if (!m_frames.empty() && m_frames.back().object) {
                m_frames.back().expectKey = c == ',';
                if (c == ',')
                    m_frames.back().keyStart = -1;
            }
            ++m_pos;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            if (auto p = beginValue()) // true, false, null (or garbage)
                return p;
            while (m_pos < m_size
                   && ((m_data[m_pos] >= 'a' && m_data[m_pos] <= 'z')
                       || (m_data[m_pos] >= 'A' && m_data[m_pos] <= 'Z')))
                ++m_pos;
        } else if (c >= 0x80) {
            const qsizetype length = utf8Length(m_pos);
            if (length == 0)
                return utf8Problem("invalid byte sequence", m_pos);
            m_pos += length;
        } else {
            ++m_pos; // whitespace, or a syntax error the real parser reports
        }
    }
    return std::nullopt;
}

// Counts a value (or member name) and advances the enclosing array's index.
std::optional<JsonGuardProblem> Scanner::beginValue()
{
    if (++m_values > m_limits.maxValues)
        return problem(u"The request body has more than %1 JSON values."_s.arg(m_limits.maxValues));
    if (!m_frames.empty() && !m_frames.back().object)
        ++m_frames.back().index;
    return std::nullopt;
}

std::optional<JsonGuardProblem> Scanner::scanString()
{
    Frame *owner = m_frames.empty() ? nullptr : &m_frames.back();
    const bool isKey = owner && owner->object && owner->expectKey;
    if (isKey) {
        if (++m_values > m_limits.maxValues) {
            return problem(
                u"The request body has more than %1 JSON values."_s.arg(m_limits.maxValues));
        }
    } else if (auto p = beginValue()) {
        return p;
    }
    const qsizetype start = m_pos + 1;
    qsizetype i = start;
    while (i < m_size) {
        const uchar c = m_data[i];
        if (c == '"')
            break;
        if (c < 0x80 && c != '\\') {
            ++i;
            continue;
        }
        if (c >= 0x80) {
            const qsizetype length = utf8Length(i);
            if (length == 0)
                return utf8Problem("invalid byte sequence", i);
            i += length;
            continue;
        }
        if (i + 1 >= m_size)
            break; // a truncated escape: the real parser reports it
        if (m_data[i + 1] != 'u') {
            i += 2; // a one-character escape; unknown ones are the real parser's business
            continue;
        }
        const int unit = hex4(i + 2);
        if (unit < 0)
            return utf8Problem("invalid \\u escape", i);
        if (isLowSurrogate(unit))
            return utf8Problem("unpaired surrogate in a \\u escape", i);
        if (!isHighSurrogate(unit)) {
            i += 6;
            continue;
        }
        const bool escapeFollows = i + 7 < m_size && m_data[i + 6] == '\\' && m_data[i + 7] == 'u';
        const int low = escapeFollows ? hex4(i + 8) : -1;
        if (escapeFollows && low < 0)
            return utf8Problem("invalid \\u escape", i + 6);
        if (!isLowSurrogate(low))
            return utf8Problem("unpaired surrogate in a \\u escape", i);
        i += 12;
    }
    if (isKey) {
        owner->keyStart = start;
        owner->keyLength = std::min(i, m_size) - start;
        owner->expectKey = false;
    }
    m_pos = std::min(i + 1, m_size);
    return std::nullopt;
}

std::optional<JsonGuardProblem> Scanner::scanNumber()
{
    const qsizetype start = m_pos;
    qsizetype i = start;
    if (m_data[i] == '-')
        ++i;
    const qsizetype intStart = i;
    while (i < m_size && isDigit(m_data[i]))
        ++i;
    const qsizetype intEnd = i;
    m_pos = i;
    if (intEnd - intStart > m_limits.maxIntegerDigits)
        return problem(u"Number out of range at offset %1."_s.arg(start));

    // Decimal exponent of the first significant digit: 123.4 → 2, 0.05 → -2.
    bool nonZero = false;
    qint64 lead = 0;
    for (qsizetype k = intStart; k < intEnd && !nonZero; ++k) {
        if (m_data[k] != '0') {
            nonZero = true;
            lead = intEnd - k - 1;
        }
    }
    if (i < m_size && m_data[i] == '.') {
        const qsizetype fracStart = ++i;
        while (i < m_size && isDigit(m_data[i])) {
            if (!nonZero && m_data[i] != '0') {
                nonZero = true;
                lead = -(i - fracStart + 1);
            }
            ++i;
        }
    }
    qint64 exponent = 0;
    if (i < m_size && (m_data[i] == 'e' || m_data[i] == 'E')) {
        ++i;
        bool negative = false;
        if (i < m_size && (m_data[i] == '+' || m_data[i] == '-'))
            negative = m_data[i++] == '-';
        while (i < m_size && isDigit(m_data[i])) {
            if (exponent < ExponentCap)
                exponent = exponent * 10 + (m_data[i] - '0');
            ++i;
        }
        if (negative)
            exponent = -exponent;
    }
    m_pos = i;
    // Zero, and anything below the overflow boundary, is fine (underflow is Qt's call).
    if (!nonZero || lead + exponent < MaxDecimalExponent)
        return std::nullopt;
    if (lead + exponent == MaxDecimalExponent) {
        // Right at the boundary only exact rounding can tell 1.7976931348623157e308 (finite)
        // from 1.7976931348623159e308 (inf); this is rare, so it may cost a real conversion.
        double value = 0;
        const auto *first = reinterpret_cast<const char *>(m_data + start);
        const auto *last = reinterpret_cast<const char *>(m_data + i);
        const auto result = std::from_chars(first, last, value);
        if (result.ec != std::errc::result_out_of_range && std::isfinite(value))
            return std::nullopt;
    }
    return problem(u"Number out of range at offset %1."_s.arg(start));
}

// Length of the well-formed UTF-8 sequence at \a i (Unicode table 3-7), 0 if ill-formed:
// no overlongs, no surrogates, nothing above U+10FFFF, no truncated sequences.
qsizetype Scanner::utf8Length(qsizetype i) const
{
    const uchar c = m_data[i];
    qsizetype length = 0;
    uchar low = 0x80;
    uchar high = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        length = 2;
    } else if (c == 0xE0) {
        length = 3;
        low = 0xA0;
    } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
        length = 3;
    } else if (c == 0xED) {
        length = 3;
        high = 0x9F;
    } else if (c == 0xF0) {
        length = 4;
        low = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) {
        length = 4;
    } else if (c == 0xF4) {
        length = 4;
        high = 0x8F;
    } else {
        return 0;
    }
    if (length > m_size - i)
        return 0;
    if (m_data[i + 1] < low || m_data[i + 1] > high)
        return 0;
    for (qsizetype k = 2; k < length; ++k) {
        if ((m_data[i + k] & 0xC0) != 0x80)
            return 0;
    }
    return length;
}

// The code unit of the four hex digits at \a i, or -1.
int Scanner::hex4(qsizetype i) const
{
    if (i < 0 || m_size - i < 4)
        return -1;
    int unit = 0;
    for (qsizetype k = i; k < i + 4; ++k) {
        const int digit = hexValue(m_data[k]);
        if (digit < 0)
            return -1;
        unit = unit * 16 + digit;
    }
    return unit;
}

JsonGuardProblem Scanner::problem(const QString &message) const
{
    return JsonGuardProblem { message, path() };
}

JsonGuardProblem Scanner::utf8Problem(const char *what, qsizetype offset) const
{
    return problem(u"The request body is not valid UTF-8: %1 at offset %2."_s.arg(
        QLatin1StringView(what), QString::number(offset)));
}

// Where the scan is, as `messages[2].content`; only built when there is a problem.
QString Scanner::path() const
{
    QString result;
    for (const Frame &frame : m_frames) {
        if (frame.object && frame.keyStart >= 0) {
            qsizetype length = std::min(frame.keyLength, MaxKeyShown);
            while (length < frame.keyLength && length > 0
                   && (m_data[frame.keyStart + length] & 0xC0) == 0x80)
                --length; // do not cut a character in half
            if (!result.isEmpty())
                result += u'.';
            result += QString::fromUtf8(reinterpret_cast<const char *>(m_data + frame.keyStart),
                                        length);
        } else if (!frame.object && frame.index >= 0) {
            result += u'[' + QString::number(frame.index) + u']';
        }
    }
    return result;
}

} // namespace

std::optional<JsonGuardProblem> JsonGuard::check(QByteArrayView body, const Limits &limits)
{
    return Scanner(body, limits).run();
}

} // namespace switchyard::api
