// Seals or opens a nexo message with Adyen's own Node library (@adyen/api-library,
// NexoCrypto), for nexo_security_test.cpp, which checks the kiosk's code against it.
//   node adyen_interop.js seal|open KEY_IDENTIFIER KEY_VERSION PASSPHRASE < message
// seal: stdin is a whole message ({"SaleToPOIRequest": …} or {"SaleToPOIResponse": …});
// stdout is the same message secured. open: stdin is a secured message; stdout the plain one.
// NODE_PATH names the node_modules folder that holds the library.
"use strict";
const NexoCrypto = require("@adyen/api-library/lib/src/security/nexoCrypto").default;
const fs = require("fs");

const [mode, identifier, version, passphrase] = process.argv.slice(2);
const key = {
  AdyenCryptoVersion: 1,
  KeyIdentifier: identifier,
  KeyVersion: Number(version),
  Passphrase: passphrase,
};
const input = fs.readFileSync(0, "utf-8");
const message = JSON.parse(input);
const name = Object.keys(message)[0];
if (mode === "seal") {
  const secured = NexoCrypto.encrypt(message[name].MessageHeader, input, key);
  process.stdout.write(JSON.stringify({ [name]: secured }));
} else if (mode === "open") {
  process.stdout.write(new NexoCrypto().decrypt(message[name], key));
} else {
  process.stderr.write("usage: adyen_interop.js seal|open KEY_IDENTIFIER KEY_VERSION PASSPHRASE\n");
  process.exit(2);
}
