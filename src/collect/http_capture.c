/* SPDX-License-Identifier: MIT */
/*
 * The capture part of the HTTP engine (http_capture.h): for requests
 * with HTTP_REQ_CAPTURE, what libcurl can tell besides the body, read
 * with curl_easy_getinfo after the transfer (CURLINFO_CERTINFO,
 * CURLINFO_REDIRECT_URL, CURLINFO_PRIMARY_IP/PORT, CURLINFO_LOCAL_IP/PORT,
 * CURLINFO_HTTP_VERSION,
 * the CURLINFO_*_TIME_T timings) and the status line from the header
 * callback. Kept apart from http.c so that collection's path is the one
 * it was; http.c calls these only for captures.
 */
#include <string.h>

#include <curl/curl.h>

#include "util/buf.h"
#include "collect/http.h"
#include "collect/http_capture.h"
#include "util/banned.h"

void http_capture_bufs_init(struct http_capture_bufs *b)
{
	buf_init(&b->status_line);
	buf_init(&b->certs);
	buf_init(&b->subject);
	buf_init(&b->issuer);
}

void http_capture_bufs_reset(struct http_capture_bufs *b)
{
	buf_reset(&b->status_line);
	buf_reset(&b->certs);
	buf_reset(&b->subject);
	buf_reset(&b->issuer);
}

void http_capture_bufs_release(struct http_capture_bufs *b)
{
	buf_release(&b->status_line);
	buf_release(&b->certs);
	buf_release(&b->subject);
	buf_release(&b->issuer);
}

void http_capture_status_line(struct http_capture_bufs *b, const char *data,
			      size_t n)
{
	size_t i;

	buf_reset(&b->status_line);
	for (i = 0; i < n && data[i] != '\r' && data[i] != '\n'; i++)
		buf_addch(&b->status_line,
			  (unsigned char)data[i] < 0x20 ? ' ' : data[i]);
}

/* Appends the text after "name:" in one of libcurl's certinfo items. */
static int cert_item(const char *item, const char *name, struct buf *out)
{
	size_t n = strlen(name);

	if (strncmp(item, name, n) || item[n] != ':')
		return 0;
	buf_adds(out, item + n + 1);
	return 1;
}

static long us(CURL *h, CURLINFO what)
{
	curl_off_t v = 0;

	if (curl_easy_getinfo(h, what, &v) != CURLE_OK || v < 0)
		return 0;
	return (long)v;
}

void http_capture_fill(void *curl, struct http_capture_bufs *b,
		       struct http_capture *c, int cut)
{
	CURL *h = curl;
	struct curl_certinfo *ci = NULL;
	char *s = NULL;
	long v = 0;
	int i;

	memset(c, 0, sizeof(*c));
	buf_reset(&b->certs);
	buf_reset(&b->subject);
	buf_reset(&b->issuer);
	if (curl_easy_getinfo(h, CURLINFO_CERTINFO, &ci) == CURLE_OK &&
	    ci) {
		for (i = 0; i < ci->num_of_certs; i++) {
			struct curl_slist *l;

			for (l = ci->certinfo[i]; l; l = l->next) {
				if (cert_item(l->data, "Cert", &b->certs)) {
					size_t n = b->certs.len;

					if (n && b->certs.s[n - 1] != '\n')
						buf_addch(&b->certs, '\n');
					continue;
				}
				if (i)
					continue;
				if (!cert_item(l->data, "Subject", &b->subject))
					cert_item(l->data, "Issuer",
						  &b->issuer);
			}
		}
		c->n_certs = ci->num_of_certs;
	}
	c->status_line = b->status_line.s;
	c->certs_pem = b->certs.s;
	c->cert_subject = b->subject.s;
	c->cert_issuer = b->issuer.s;
	if (curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &s) == CURLE_OK &&
	    s)
		c->redirect_url = s;
	s = NULL;
	c->remote_ip = curl_easy_getinfo(h, CURLINFO_PRIMARY_IP, &s) ==
		CURLE_OK && s ? s : "";
	if (curl_easy_getinfo(h, CURLINFO_PRIMARY_PORT, &v) == CURLE_OK)
		c->remote_port = v;
	s = NULL;
	c->local_ip = curl_easy_getinfo(h, CURLINFO_LOCAL_IP, &s) ==
		CURLE_OK && s ? s : "";
	v = 0;
	if (curl_easy_getinfo(h, CURLINFO_LOCAL_PORT, &v) == CURLE_OK)
		c->local_port = v;
	v = 0;
	if (curl_easy_getinfo(h, CURLINFO_HTTP_VERSION, &v) == CURLE_OK) {
		switch (v) {
		case CURL_HTTP_VERSION_1_0:
			c->http_version = 10;
			break;
		case CURL_HTTP_VERSION_1_1:
			c->http_version = 11;
			break;
		case CURL_HTTP_VERSION_2_0:
			c->http_version = 20;
			break;
		case CURL_HTTP_VERSION_3:
			c->http_version = 30;
			break;
		default:
			c->http_version = 0;
		}
	}
	c->dns_us = us(h, CURLINFO_NAMELOOKUP_TIME_T);
	c->connect_us = us(h, CURLINFO_CONNECT_TIME_T);
	c->tls_us = us(h, CURLINFO_APPCONNECT_TIME_T);
	c->first_byte_us = us(h, CURLINFO_STARTTRANSFER_TIME_T);
	c->total_us = us(h, CURLINFO_TOTAL_TIME_T);
	c->truncated = cut;
}
