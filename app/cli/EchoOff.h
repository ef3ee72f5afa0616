#pragma once

#include <QtGlobal>

namespace switchyard::cli {

/// Switches terminal echo off on stdin for its lifetime (hidden key prompt). Ctrl+C, SIGTERM
/// or SIGHUP meanwhile restore the echo before the process ends.
class EchoOff final
{
public:
    /// Switches the echo off (check ok()).
    EchoOff();
    ~EchoOff();
    EchoOff(const EchoOff &) = delete;
    EchoOff &operator=(const EchoOff &) = delete;

    /// True when the echo is off.
    bool ok() const { return m_ok; }

private:
#ifdef Q_OS_WIN
    void *m_handle = nullptr; // HANDLE, without <windows.h> in a header
    unsigned long m_mode = 0; // DWORD
#endif
    bool m_ok = false;
};

} // namespace switchyard::cli
