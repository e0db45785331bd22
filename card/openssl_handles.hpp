// OpenSSL objects owned by std::unique_ptr, freed by their own free function: one definition for
// the card library's files and the virtual card's (not a public header of madoguchi_card).
#pragma once

#include <openssl/bio.h>
#include <openssl/x509.h>

#include <memory>

namespace madoguchi::card {

template <typename T, void (*Free)(T*)>
struct OpenSslFree {
  void operator()(T* p) const { Free(p); }
};
template <typename T, void (*Free)(T*)>
using OpenSslHandle = std::unique_ptr<T, OpenSslFree<T, Free>>;

using Certificate = OpenSslHandle<X509, X509_free>;
using Bio = OpenSslHandle<BIO, BIO_free_all>;

}  // namespace madoguchi::card
