// Package transfer moves blobs from the primary site to a secondary.
//
// On the primary, [Handler] serves
//
//	GET /api/v4/geo/retrieve/{replicable_name}/{id}
//
// It verifies the request's GL-Geo token for exactly that record (401 or
// 403 otherwise, with a log line), finds where the record's blob is kept
// through a [Locator], and streams it with its length and, when known, its
// SHA-256 in the X-Geo-Checksum-SHA256 header, with X-Geo-Checksum-Verified:
// true when that is the checksum the primary's verification recorded (the
// secondary then verifies its copy against it). A missing record or file is a
// 404 whose JSON body carries "geo_code": "FILE_NOT_FOUND", which the
// secondary records as missing on the primary.
//
// On the secondary, [Downloader] signs a token for the record, requests the
// blob and streams the body straight into a blobstore Put: the bytes go to a
// temporary file beside the destination, are hashed on the way, compared
// with the expected checksum and renamed into place only when complete and
// correct. A dropped connection, a stalled primary, a cancelled context or a
// checksum mismatch leaves nothing behind. Errors are classified for the
// caller: [ErrMissingOnPrimary], [*StatusError], [ErrChecksumMismatch] and
// [ErrIdleTimeout].
package transfer
