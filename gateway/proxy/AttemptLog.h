#pragma once

#include "base/ApiError.h"
#include "base/HeaderList.h"
#include "base/RequestRecord.h"
#include "routing/Outcome.h"
#include "upstream/UpstreamTypes.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace switchyard::proxy {

/// The attempts one proxied request has made and what each came to: the source of the
/// x-switchyard-attempts header, the record's attempt list, and the error the client gets
/// when no attempt succeeded.
class AttemptLog final
{
public:
    /// Why one attempt ended, for the attempt list and the final error.
    struct Attempt
    {
        Attempt(QString target_, QString outcome_, QString detail_ = {}, int status_ = 0,
                QByteArray body_ = {}, base::HeaderList headers_ = {},
                upstream::TransferError error_ = upstream::TransferError::None)
            : target(std::move(target_)), outcome(std::move(outcome_)), detail(std::move(detail_)),
              status(status_), body(std::move(body_)), headers(std::move(headers_)), error(error_)
        {
        }

        QString target;
        QString outcome; ///< "200", "500", "connect_failed", ...
        QString detail;
        int status = 0;
        QByteArray body; ///< upstream error body, when it was JSON
        base::HeaderList headers;
        upstream::TransferError error = upstream::TransferError::None;
    };

    /// What the client is told when every attempt failed.
    struct Failure
    {
        /// A single provider's own error (429, 500…), passed through with its SDK message.
        const Attempt *passThrough = nullptr;
        base::ApiError error; ///< the gateway's own error, when nothing is passed through
    };

    /// An attempt whose transfer failed with \a error; \a why leads its detail, the transfer's
    /// \a message follows in parentheses.
    static Attempt transferFailed(const QString &target, upstream::TransferError error,
                                  const QString &why, const QString &message);
    /// A transfer error in words ("timed out connecting").
    static QString describe(upstream::TransferError error);
    /// How the routing engine counts a transfer error.
    static routing::OutcomeKind outcomeFor(upstream::TransferError error);
    static bool isTimeout(upstream::TransferError error);

    void append(Attempt attempt) { m_attempts.append(std::move(attempt)); }
    /// "target=outcome;…", empty before the first attempt ended.
    QByteArray header() const;
    void copyTo(base::RequestRecord &record) const;
    /// The answer after the last attempt failed, for a request that asked for
    /// \a requestedModel. The pass-through attempt, if any, lives as long as this log.
    Failure failure(const QString &requestedModel) const;

private:
    QList<Attempt> m_attempts;
};

} // namespace switchyard::proxy
