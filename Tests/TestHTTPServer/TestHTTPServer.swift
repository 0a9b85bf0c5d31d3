// test server
