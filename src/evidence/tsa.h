/* SPDX-License-Identifier: MIT */
/*
 * RFC 3161 trusted timestamps, through OpenSSL's TS API (openssl/ts.h)
 * and netra's one HTTP engine (collect/http.h).
 *
 * tsa_stamp() asks a time-stamping authority (TSA) to vouch that a
 * SHA-256 digest existed at a time: it builds a TimeStampReq over the
 * digest (a random 64-bit nonce, certReq true so the TSA's certificate
 * comes back in the token), POSTs it as application/timestamp-query to
 * each TSA URL in turn until one answers with a token, and checks that
 * token before handing it over: status granted, imprint and nonce equal
 * to what was asked (TS_REQ_to_TS_VERIFY_CTX), and the TSA's signature
 * and certificate chain against the CA bundle the user named
 * (TS_VERIFY_CTX with an X509_STORE; the signer must carry a critical
 * extendedKeyUsage of timeStamping, which OpenSSL requires).
 * tsa_verify() makes the signature and chain check again later, for a
 * stored token and the digest of the bytes it covers (netra verify).
 * Digests come from util/sha256.h (the one place netra hashes).
 *
 * What a token proves, and what it does not: these bytes (their SHA-256)
 * existed no later than genTime, in the eyes of that TSA. Not who wrote
 * them, not that the page showed them, not when the post was written.
 *
 * Chains are checked at the token's genTime, not today (a TSA's
 * certificate may expire years before a dossier is read, as long-term
 * validation allows), and without revocation (no CRL, no OCSP): a TSA
 * key known to be compromised must be removed from the CA bundle.
 *
 * Nothing here stores anything, prints, or decides what is stamped: the
 * caller keeps the token bytes beside the evidence and marks a stamp
 * pending when no TSA could be reached (TSA_UNREACHABLE).
 */
#ifndef NETRA_EVIDENCE_TSA_H
#define NETRA_EVIDENCE_TSA_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

#define TSA_DIGEST_LEN 32	/* SHA-256 */

/* How a stamp or a check ended; a failure names its class. */
enum tsa_status {
	TSA_OK = 0,
	/*
	 * No TSA answered: connection refused, DNS, timeout, TLS, 5xx on
	 * every try. The evidence is kept; the stamp is pending and can be
	 * asked for again later.
	 */
	TSA_UNREACHABLE,
	/*
	 * A TSA answered without a token: an HTTP 4xx, a reply that is not
	 * a TimeStampResp, or a status other than granted (rejection,
	 * waiting, revocation warnings), with the TSA's own text.
	 */
	TSA_REFUSED,
	/*
	 * The token is not for these bytes: another imprint or nonce, a
	 * digest other than SHA-256, a signature that does not verify over
	 * the token's content (altered), or bytes that are no token.
	 */
	TSA_MISMATCH,
	/*
	 * The signature verifies, but its certificate does not lead to the
	 * CA bundle named, or is not a time-stamping certificate.
	 */
	TSA_UNTRUSTED,
	/* A local problem: the CA file unreadable, OpenSSL failed. */
	TSA_ERROR
};

/* "ok", "unreachable", "refused", "mismatch", "untrusted", "error". */
const char *tsa_status_name(enum tsa_status s);

struct tsa_opts {
	const char *const *urls; /* TSA URLs, tried in order, NULL-ended */
	const char *ca_file;	/* PEM bundle that must vouch for the TSA:
				   required */
	const char *tls_ca_file; /* for https:// TSA URLs; NULL: the
				   system's */
	const char *policy;	/* OID to ask for, or NULL: the TSA's */
	long timeout_ms;	/* one try at one URL (default 30000) */
	long connect_timeout_ms; /* default 10000 */
	int max_tries;		/* per URL, on 5xx or transport (2) */
	long backoff_ms;	/* before a retry (default 500) */
	const char *user_agent;	/* default "netra/" NETRA_VERSION */
	const volatile sig_atomic_t *stop; /* see http_opts.stop */
};

/* Fills o with the defaults; urls and ca_file stay NULL. */
void tsa_opts_init(struct tsa_opts *o);

/* A checked token and what it says. Owned strings. */
struct tsa_token {
	unsigned char *der;	/* the TimeStampToken (CMS SignedData),
				   DER, as the TSA signed it */
	size_t der_len;
	char *url;		/* the TSA URL that issued it (tsa_stamp) */
	char *tsa_name;		/* the signer's subject, RFC 2253
				   ("CN=...,O=...,C=ID") */
	char *serial;		/* the token's serial number, hex */
	char *policy;		/* the TSA's policy OID, dotted */
	int64_t gen_time;	/* genTime, unix seconds UTC */
	char gen_time_iso[32];	/* "YYYY-MM-DDTHH:MM:SSZ" */
	char sha256[2 * TSA_DIGEST_LEN + 1]; /* the digest stamped, hex */
};

#define TSA_TOKEN_INIT { NULL, 0, NULL, NULL, NULL, NULL, 0, { 0 }, { 0 } }

void tsa_token_release(struct tsa_token *t);

/*
 * Asks the TSAs in o->urls, in order, for a token over digest (the
 * SHA-256 of the evidence). The first checked token wins: returns 0,
 * *st TSA_OK and out filled. Otherwise returns -1, out untouched, *st
 * the class (TSA_UNREACHABLE only when every URL was unreachable; else
 * the gravest of what the TSAs that answered did: untrusted over
 * mismatch over refused), and err one message naming each URL tried and
 * what happened there. A token that fails its check is never returned.
 */
int tsa_stamp(const struct tsa_opts *o,
	      const unsigned char digest[TSA_DIGEST_LEN],
	      struct tsa_token *out, enum tsa_status *st, struct buf *err);

/*
 * Checks a stored token (der, len: a TimeStampToken, or a whole
 * TimeStampResp holding one) against digest and the CA bundle ca_file.
 * Returns 0, *st TSA_OK and info filled (its der a copy of the token;
 * url NULL) when the token is for digest and the chain holds at its
 * genTime; else -1, *st TSA_MISMATCH, TSA_UNTRUSTED or TSA_ERROR, and a
 * message in err. info may be NULL.
 */
int tsa_verify(const unsigned char *der, size_t len,
	       const unsigned char digest[TSA_DIGEST_LEN], const char *ca_file,
	       struct tsa_token *info, enum tsa_status *st, struct buf *err);

/*
 * 64 hex digits (any case; a capture's sha256 as stored) into the raw
 * digest. Returns 0, or -1 when hex is not that.
 */
int tsa_digest_from_hex(const char *hex, unsigned char out[TSA_DIGEST_LEN]);

#endif
