#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_LINUX
#include <elf.h>
#include <unistd.h>
#endif

#include <cstring>

using namespace Qt::StringLiterals;

// Release hardening of the shipped executable, checked on the binary and the running process.
class TestHardening final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void binaryIsPieWithFullRelro();
    void binaryUsesFortifiedCalls();
    void releaseProcessCannotDumpCore();

private:
    QByteArray m_binary;
};

void TestHardening::initTestCase()
{
#ifndef Q_OS_LINUX
    QSKIP("the checks read ELF headers and /proc");
#endif
    QFile file(QStringLiteral(SWITCHYARD_BIN));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.errorString()));
    m_binary = file.readAll();
}

#ifdef Q_OS_LINUX
namespace {

template<typename T> bool readAt(const QByteArray &bytes, quint64 offset, T *out)
{
    if (offset > quint64(bytes.size()) || quint64(bytes.size()) - offset < sizeof(T))
        return false;
    std::memcpy(out, bytes.constData() + offset, sizeof(T));
    return true;
}

} // namespace
#endif

// What `readelf -hlWd` shows: Type DYN, GNU_RELRO, GNU_STACK without E, BIND_NOW.
void TestHardening::binaryIsPieWithFullRelro()
{
#ifdef Q_OS_LINUX
    Elf64_Ehdr header {};
    QVERIFY(readAt(m_binary, 0, &header));
    QVERIFY(std::memcmp(header.e_ident, ELFMAG, SELFMAG) == 0);
    QCOMPARE(header.e_ident[EI_CLASS], quint8(ELFCLASS64));
    QCOMPARE(header.e_type, quint16(ET_DYN)); // PIE: relocatable at a random base

    bool relro = false;
    bool stackSeen = false;
    bool stackExecutable = true;
    bool bindNow = false;
    for (int i = 0; i < header.e_phnum; ++i) {
        Elf64_Phdr ph {};
        QVERIFY(readAt(m_binary, header.e_phoff + quint64(i) * header.e_phentsize, &ph));
        if (ph.p_type == PT_GNU_RELRO)
            relro = true;
        if (ph.p_type == PT_GNU_STACK) {
            stackSeen = true;
            stackExecutable = ph.p_flags & PF_X;
        }
        if (ph.p_type != PT_DYNAMIC)
            continue;
        for (quint64 off = ph.p_offset; off + sizeof(Elf64_Dyn) <= ph.p_offset + ph.p_filesz;
             off += sizeof(Elf64_Dyn)) {
            Elf64_Dyn dyn {};
            QVERIFY(readAt(m_binary, off, &dyn));
            if (dyn.d_tag == DT_NULL)
                break;
            if ((dyn.d_tag == DT_FLAGS && (dyn.d_un.d_val & DF_BIND_NOW))
                || (dyn.d_tag == DT_FLAGS_1 && (dyn.d_un.d_val & DF_1_NOW))
                || dyn.d_tag == DT_BIND_NOW)
                bindNow = true;
        }
    }
    QVERIFY2(relro, "no GNU_RELRO segment: link with -z relro");
    QVERIFY2(bindNow, "no BIND_NOW: link with -z now (full RELRO)");
    QVERIFY2(stackSeen && !stackExecutable, "the stack is executable: link with -z noexecstack");
#endif
}

void TestHardening::binaryUsesFortifiedCalls()
{
#if !defined(QT_NO_DEBUG)
    QSKIP("Debug build: _FORTIFY_SOURCE is only defined when optimising");
#elif defined(SWITCHYARD_SANITIZED)
    QSKIP("sanitizer build: FORTIFY is left to the sanitizers");
#else
    // main() prints with printf/fprintf: fortified, they link as __printf_chk/__fprintf_chk
    // (what `nm -D switchyard | grep _chk` lists).
    QVERIFY2(m_binary.contains(QByteArrayView("__printf_chk\0", 13))
                 || m_binary.contains(QByteArrayView("__fprintf_chk\0", 14)),
             "no __*printf_chk symbol: built without -D_FORTIFY_SOURCE=2?");
#endif
}

void TestHardening::releaseProcessCannotDumpCore()
{
#if !defined(QT_NO_DEBUG)
    QSKIP("Debug build: core dumps stay enabled on purpose, for debugging");
#elif defined(Q_OS_LINUX)
    QTemporaryDir home;
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"DISPLAY"_s);
    env.remove(u"WAYLAND_DISPLAY"_s);
    env.insert(u"HOME"_s, home.path());
    env.insert(u"XDG_DATA_HOME"_s, home.filePath(u"data"_s));
    env.insert(u"XDG_CONFIG_HOME"_s, home.filePath(u"config"_s));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(SWITCHYARD_BIN),
                  { u"serve"_s, u"--port"_s, u"0"_s, u"--data-dir"_s, home.filePath(u"sy"_s) });
    QVERIFY(process.waitForStarted());
    QByteArray out;
    for (int i = 0; i < 100 && !out.contains("serving on"); ++i) {
        process.waitForReadyRead(100);
        out += process.readAllStandardOutput();
    }
    QVERIFY2(out.contains("serving on"), out.constData());

    const QString proc = u"/proc/"_s + QString::number(process.processId());
    QFile limits(proc + u"/limits"_s);
    QVERIFY(limits.open(QIODevice::ReadOnly));
    QByteArray coreLine;
    for (const QByteArray &line : limits.readAll().split('\n')) {
        if (line.startsWith("Max core file size"))
            coreLine = line.simplified();
    }
    // "Max core file size 0 0 bytes": soft and hard limit both zero.
    QCOMPARE(coreLine, QByteArray("Max core file size 0 0 bytes"));
    // A non-dumpable process's /proc entries belong to root. Only visible when not root.
    if (::getuid() != 0)
        QCOMPARE(QFileInfo(proc + u"/environ"_s).ownerId(), 0u);
    else
        qInfo("running as root: PR_SET_DUMPABLE is not observable through /proc ownership");

    process.terminate();
    QVERIFY(process.waitForFinished(15000));
#endif
}

QTEST_GUILESS_MAIN(TestHardening)
#include "tst_hardening.moc"
