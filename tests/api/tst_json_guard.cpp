#include "api/JsonGuard.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard::api;

// The pre-parse guard on inbound JSON bodies: every rule, its edges, and real bodies.
class TestJsonGuard final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rules_data();
    void rules();
    void customLimits_data();
    void customLimits();
    void problemPath_data();
    void problemPath();
    void realBodiesPass_data();
    void realBodiesPass();
    void bigLegalBodyPasses();
    void veryDeepNestingIsCheapAndSafe();
    void everyPrefixIsSafe();
};

namespace {

QByteArray nested(int depth, char open, char close, QByteArrayView inner = "1")
{
    QByteArray body;
    for (int i = 0; i < depth; ++i)
        body += open == '{' ? QByteArray(R"({"k":)") : QByteArray(1, open);
    body += inner;
    body += QByteArray(depth, close);
    return body;
}

QByteArray inString(QByteArrayView bytes)
{
    return QByteArray(R"({"s":")") + bytes + QByteArray(R"("})");
}

QString utf8Error(const char *what, int offset)
{
    return u"The request body is not valid UTF-8: %1 at offset %2."_s.arg(QLatin1StringView(what),
                                                                          QString::number(offset));
}

QString badBytes(int offset)
{
    return utf8Error("invalid byte sequence", offset);
}

QString badEscape(int offset)
{
    return utf8Error("invalid \\u escape", offset);
}

QString loneSurrogate(int offset)
{
    return utf8Error("unpaired surrogate in a \\u escape", offset);
}

QString outOfRange(int offset)
{
    return u"Number out of range at offset %1."_s.arg(offset);
}

const QString kTooDeep = u"JSON nesting is deeper than 64 levels."_s;

} // namespace

void TestJsonGuard::rules_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message"); // empty: accepted

    // Structure and depth.
    QTest::newRow("empty body") << QByteArray() << QString();
    QTest::newRow("plain request")
        << QByteArray(R"({"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}]})")
        << QString();
    QTest::newRow("64 arrays") << nested(64, '[', ']') << QString();
    QTest::newRow("65 arrays") << nested(65, '[', ']') << kTooDeep;
    QTest::newRow("64 objects") << nested(64, '{', '}') << QString();
    QTest::newRow("65 objects") << nested(65, '{', '}') << kTooDeep;
    QTest::newRow("64 mixed, then sibling")
        << QByteArray(nested(32, '[', ']', nested(32, '{', '}')) + "  ") << QString();
    QTest::newRow("brackets inside strings do not nest")
        << inString(QByteArray(200, '[')) << QString();
    QTest::newRow("closers do not underflow") << QByteArray("]]]}}}[[1]]") << QString();
    QTest::newRow("wrapping two 64s makes 65")
        << QByteArray(nested(64, '[', ']') + ',' + nested(64, '[', ']')).prepend('[').append(']')
        << kTooDeep; // the wrapper adds a level to both
    QTest::newRow("siblings at 63")
        << QByteArray(nested(63, '[', ']') + ',' + nested(63, '[', ']')).prepend('[').append(']')
        << QString();

    // UTF-8: offsets are of the first byte of the bad sequence ({"s":" is 6 bytes).
    QTest::newRow("valid 2, 3, 4 byte")
        << inString("\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") << QString();
    QTest::newRow("max code point U+10FFFF") << inString("\xF4\x8F\xBF\xBF") << QString();
    QTest::newRow("U+FFFF and U+E000") << inString("\xEF\xBF\xBF\xEE\x80\x80") << QString();
    QTest::newRow("BOM before the document") << QByteArray("\xEF\xBB\xBF[1]") << QString();
    QTest::newRow("overlong 2 byte C0") << inString("\xC0\xAF") << badBytes(6);
    QTest::newRow("overlong 2 byte C1") << inString("a\xC1\xBF") << badBytes(7);
    QTest::newRow("overlong 3 byte") << inString("\xE0\x80\xAF") << badBytes(6);
    QTest::newRow("overlong 3 byte E0 9F") << inString("\xE0\x9F\xBF") << badBytes(6);
    QTest::newRow("overlong 4 byte") << inString("\xF0\x80\x80\xAF") << badBytes(6);
    QTest::newRow("overlong 4 byte F0 8F") << inString("\xF0\x8F\xBF\xBF") << badBytes(6);
    QTest::newRow("surrogate D800") << inString("\xED\xA0\x80") << badBytes(6);
    QTest::newRow("surrogate DFFF") << inString("\xED\xBF\xBF") << badBytes(6);
    QTest::newRow("above U+10FFFF") << inString("\xF4\x90\x80\x80") << badBytes(6);
    QTest::newRow("F5 lead") << inString("\xF5\x80\x80\x80") << badBytes(6);
    QTest::newRow("FE and FF") << inString("\xFE\xFF") << badBytes(6);
    QTest::newRow("lone continuation") << inString("ab\x80") << badBytes(8);
    QTest::newRow("truncated 2 byte before quote") << inString("\xC3") << badBytes(6);
    QTest::newRow("truncated 3 byte before quote") << inString("\xE2\x82") << badBytes(6);
    QTest::newRow("truncated 4 byte before quote") << inString("\xF0\x9F\x98") << badBytes(6);
    QTest::newRow("truncated at end of body") << QByteArray("[\"\xE2\x82") << badBytes(2);
    QTest::newRow("bad continuation byte") << inString("\xE2\x28\xA1") << badBytes(6);
    QTest::newRow("invalid outside strings") << QByteArray("[1,\xC0\x80]") << badBytes(3);
    QTest::newRow("invalid in a member name") << QByteArray("{\"\xFF\":1}") << badBytes(2);

    // \u escapes.
    QTest::newRow("escape BMP") << inString(R"(\u0041\u00e9\uFFFF)") << QString();
    QTest::newRow("escape surrogate pair") << inString(R"(\uD83D\uDE00)") << QString();
    QTest::newRow("escaped backslash then u") << inString(R"(\\uD800 \\u12)") << QString();
    QTest::newRow("other escapes") << inString(R"(\" \\ \/ \b \f \n \r \t)") << QString();
    QTest::newRow("lone high surrogate") << inString(R"(x\uD800)") << loneSurrogate(7);
    QTest::newRow("lone low surrogate") << inString(R"(\uDC00)") << loneSurrogate(6);
    QTest::newRow("high then BMP escape") << inString(R"(\uD800\u0041)") << loneSurrogate(6);
    QTest::newRow("high then text") << inString(R"(\uDBFFabcdef)") << loneSurrogate(6);
    QTest::newRow("two highs") << inString(R"(\uD800\uD800)") << loneSurrogate(6);
    QTest::newRow("high then bad escape") << inString(R"(\uD800\uZZZZ)") << badEscape(12);
    QTest::newRow("short escape") << inString(R"(\u12)") << badEscape(6);
    QTest::newRow("non-hex escape") << inString(R"(\u12G4)") << badEscape(6);
    QTest::newRow("escape cut by end of body") << QByteArray(R"(["\u00)") << badEscape(2);
    QTest::newRow("backslash at end of body") << QByteArray(R"(["\)") << QString();

    // Numbers.
    QTest::newRow("1e308") << QByteArray("[1e308]") << QString();
    QTest::newRow("1e309") << QByteArray("[1e309]") << outOfRange(1);
    QTest::newRow("-1e999") << QByteArray("[0, -1e999]") << outOfRange(4);
    QTest::newRow("1E+400") << QByteArray("[1E+400]") << outOfRange(1);
    QTest::newRow("huge exponent") << QByteArray("[2e99999999999999999999999]") << outOfRange(1);
    QTest::newRow("DBL_MAX") << QByteArray("[1.7976931348623157e308]") << QString();
    QTest::newRow("rounds to DBL_MAX") << QByteArray("[-1.797693134862315807e308]") << QString();
    QTest::newRow("rounds to inf") << QByteArray("[1.7976931348623159e308]") << outOfRange(1);
    QTest::newRow("0.1e309") << QByteArray("[0.1e309]") << QString();
    // Qt's parser reads a number without its integer part; so does the guard (fuzzer find).
    QTest::newRow(".5e308") << QByteArray("[0,.5e308]") << QString();
    QTest::newRow("-.5e308") << QByteArray("[-.5e308]") << QString();
    QTest::newRow(".5e310") << QByteArray("[.5e310]") << outOfRange(1);
    QTest::newRow("10e307") << QByteArray("[10e307]") << QString();
    QTest::newRow("100e307") << QByteArray("[100e307]") << outOfRange(1);
    QTest::newRow("zero with huge exponent") << QByteArray("[0e999, -0.000e99999]") << QString();
    QTest::newRow("tiny exponent") << QByteArray("[1e-99999999999]") << QString();
    QTest::newRow("0.000…1 with many digits")
        << QByteArray("[0." + QByteArray(320, '0') + "1]") << QString();
    QTest::newRow("many fraction digits")
        << QByteArray("[3." + QByteArray(5000, '1') + "]") << QString();
    QTest::newRow("300-digit integer")
        << QByteArray("[1" + QByteArray(299, '0') + "]") << QString();
    QTest::newRow("301-digit integer")
        << QByteArray("[1" + QByteArray(300, '0') + "]") << outOfRange(1);
    QTest::newRow("301 digits, small exponent")
        << QByteArray("[-1" + QByteArray(300, '0') + "e-400]") << outOfRange(1);
    QTest::newRow("number-like text in a string") << inString("1e999") << QString();
    QTest::newRow("number as member name") << QByteArray(R"({"1e999":1})") << QString();

    // Value count (default limit 1,000,000; arrays count too).
    QByteArray many = "[" + QByteArray("0,").repeated(999'998) + "0]"; // 999,999 numbers + array
    QTest::newRow("1,000,000 values") << many << QString();
    many.insert(1, "0,");
    QTest::newRow("1,000,001 values")
        << many << u"The request body has more than 1000000 JSON values."_s;
}

void TestJsonGuard::rules()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    const auto problem = JsonGuard::check(body);
    QCOMPARE(problem ? problem->message : QString(), message);
}

void TestJsonGuard::customLimits_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("maxDepth");
    QTest::addColumn<int>("maxValues");
    QTest::addColumn<int>("maxIntegerDigits");
    QTest::addColumn<QString>("message");

    QTest::newRow("depth 3 ok") << QByteArray("[[[1]]]") << 3 << 100 << 300 << QString();
    QTest::newRow("depth 4 of 3") << QByteArray("[[[[1]]]]") << 3 << 100 << 300
                                  << u"JSON nesting is deeper than 3 levels."_s;
    QTest::newRow("depth 0 scalar") << QByteArray("\"x\"") << 0 << 100 << 300 << QString();
    QTest::newRow("members count") << QByteArray(R"({"a":1,"b":2})") << 64 << 5 << 300 << QString();
    QTest::newRow("members over") << QByteArray(R"({"a":1,"b":2,"c":3})") << 64 << 6 << 300
                                  << u"The request body has more than 6 JSON values."_s;
    QTest::newRow("literals count once")
        << QByteArray("[true,false,null]") << 64 << 4 << 300 << QString();
    QTest::newRow("literals over") << QByteArray("[true,false,null]") << 64 << 3 << 300
                                   << u"The request body has more than 3 JSON values."_s;
    QTest::newRow("3 digits ok") << QByteArray("[999]") << 64 << 10 << 3 << QString();
    QTest::newRow("4 digits") << QByteArray("[1000]") << 64 << 10 << 3 << outOfRange(1);
}

void TestJsonGuard::customLimits()
{
    QFETCH(QByteArray, body);
    QFETCH(int, maxDepth);
    QFETCH(int, maxValues);
    QFETCH(int, maxIntegerDigits);
    QFETCH(QString, message);
    JsonGuard::Limits limits;
    limits.maxDepth = maxDepth;
    limits.maxValues = maxValues;
    limits.maxIntegerDigits = maxIntegerDigits;
    const auto problem = JsonGuard::check(body, limits);
    QCOMPARE(problem ? problem->message : QString(), message);
}

void TestJsonGuard::problemPath_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("param");

    QTest::newRow("top level") << QByteArray("1e999") << QString();
    QTest::newRow("member") << QByteArray(R"({"temperature": 1e999})") << u"temperature"_s;
    QTest::newRow("message content")
        << QByteArray("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"ok\"},"
                      "{\"role\":\"user\",\"content\":\"\xC0\"}]}")
        << u"messages[1].content"_s;
    QTest::newRow("array in array") << QByteArray(R"({"a":[[0,1],[2,"\uD800"]]})") << u"a[1][1]"_s;
    QTest::newRow("bad member name names the object")
        << QByteArray("{\"x\":{\"ok\":1,\"\xFF\":2}}") << u"x"_s;
    QTest::newRow("too deep names the container")
        << QByteArray(R"({"tools":[{"parameters":)" + nested(62, '[', ']') + "}]}")
        << QString(u"tools[0].parameters"_s + u"[0]"_s.repeated(61));
}

void TestJsonGuard::problemPath()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, param);
    const auto problem = JsonGuard::check(body);
    QVERIFY(problem);
    QCOMPARE(problem->param, param);
}

// Every seed body of the fuzzers (taken from the codec and gateway tests) and the OpenAI
// OpenAPI spec the e2e tests use: whatever Qt accepts, the guard accepts.
void TestJsonGuard::realBodiesPass_data()
{
    QTest::addColumn<QString>("path");
    const QString root = QStringLiteral(SWITCHYARD_SOURCE_DIR);
    int rows = 0;
    for (const QString &dir : { u"/fuzz/corpus"_s, u"/tests/e2e/ref"_s }) {
        QDirIterator it(root + dir, { u"*.json"_s }, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QTest::newRow(qPrintable(path.mid(root.size() + 1))) << path;
            ++rows;
        }
    }
    QVERIFY2(rows > 20, "the fuzz corpus and the e2e spec were not found");
}

void TestJsonGuard::realBodiesPass()
{
    QFETCH(QString, path);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray body = file.readAll();
    QJsonParseError error;
    QJsonDocument::fromJson(body, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const auto problem = JsonGuard::check(body);
    QVERIFY2(!problem,
             qPrintable(problem ? problem->message + u" at "_s + problem->param : QString()));
}

void TestJsonGuard::bigLegalBodyPasses()
{
    // 20,000 messages, multi-byte text, escapes and numbers: ~5 MB.
    QByteArray body = R"({"model":"m","temperature":0.7,"messages":[)";
    const QByteArray message
        = R"({"role":"user","content":[{"type":"text","text":"Grüße, 世界 😀 \"q\" \n \u00e9 \uD83D\uDE00 )"
        + QByteArray(100, 'x') + R"("},{"type":"x","n":[1,-2.5e10,3E-5,0,true,false,null]}]})";
    for (int i = 0; i < 20'000; ++i) {
        if (i > 0)
            body += ',';
        body += message;
    }
    body += "]}";
    QJsonParseError error;
    QJsonDocument::fromJson(body, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QElapsedTimer timer;
    timer.start();
    const auto problem = JsonGuard::check(body);
    QVERIFY2(!problem, qPrintable(problem ? problem->message : QString()));
    qInfo("guard: %lld ms for %lld bytes", timer.elapsed(), qlonglong(body.size()));
}

void TestJsonGuard::veryDeepNestingIsCheapAndSafe()
{
    // Qt's recursive parser stops at 1024; the guard is iterative and stops at 64.
    const QByteArray body = QByteArray(100'000, '[') + QByteArray(100'000, ']');
    const auto problem = JsonGuard::check(body);
    QVERIFY(problem);
    QCOMPARE(problem->message, kTooDeep);
    QCOMPARE(problem->param, u"[0]"_s.repeated(64));

    JsonGuard::Limits unlimited;
    unlimited.maxDepth = 200'000;
    QVERIFY(!JsonGuard::check(body, unlimited));
    const QByteArray objects = nested(100'000, '{', '}');
    QVERIFY(!JsonGuard::check(objects, unlimited));
}

// Every truncation of a body with every feature must be scanned without reading past the
// end (ASan builds and the fuzzers check the memory side; this checks no truncation crashes
// or reports nonsense offsets).
void TestJsonGuard::everyPrefixIsSafe()
{
    const QByteArray body = "{\"a\":[1.5e3,-0.25E-2,\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\","
                            "\"\\uD83D\\uDE00\\u0041\\n\",true,null,{\"b\":[[]]}],\"c\":1e308}";
    QVERIFY(!JsonGuard::check(body));
    for (qsizetype n = 0; n <= body.size(); ++n) {
        const QByteArray prefix = body.left(n); // a copy, so ASan sees the exact end
        const auto problem = JsonGuard::check(prefix);
        if (problem) {
            QVERIFY2(problem->message.contains(u"not valid UTF-8"_s), qPrintable(problem->message));
            const qsizetype at = problem->message.lastIndexOf(u' ');
            const int offset = problem->message.mid(at + 1).chopped(1).toInt();
            QVERIFY(offset >= 0 && offset < n);
        }
    }
}

QTEST_GUILESS_MAIN(TestJsonGuard)
#include "tst_json_guard.moc"
