// libuv runs file system calls on a pool of 4 threads by default. Writing a
// note is a dozen calls (two of them fsync), so 4 threads cap write_note
// throughput long before the disk does. The size is read when the pool is
// first used, so this module is imported before anything else; an operator's
// UV_THREADPOOL_SIZE still wins.
process.env.UV_THREADPOOL_SIZE ??= '16';
