#!/usr/bin/env bash
# Writes the revocation fixtures in this folder with openssl (unit tests
# of src/revocation and the fuzz seeds use them): a CA
# (issuer.der), a person certificate (cert.der, serial 1001) and a
# delegated OCSP signer; OCSP answers about the person (signed by the CA
# and by the delegate, with and without nonce, good and revoked) and CRLs
# of the CA. Keys are throw-away and not kept. The fuzz targets judge the
# answers as of NOW (written to now.txt), inside every answer's validity.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -f ocsp-*.der crl-*.der http-*.txt
ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
ec "$tmp/ca.key"; ec "$tmp/signer.key"; ec "$tmp/person.key"
cat >"$tmp/ext.cnf" <<'CNF'
[fuzz_ca]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign,digitalSignature
[fuzz_signer]
keyUsage = critical,digitalSignature
extendedKeyUsage = OCSPSigning
[fuzz_person]
basicConstraints = CA:false
keyUsage = critical,digitalSignature
authorityInfoAccess = OCSP;URI:http://127.0.0.1:39601/
crlDistributionPoints = URI:http://127.0.0.1:39602/ca.crl
CNF
openssl req -new -x509 -key "$tmp/ca.key" -subj "/C=SE/CN=Revocation Fuzz CA" -days 3650 \
  -extensions fuzz_ca -config <(cat /etc/ssl/openssl.cnf "$tmp/ext.cnf") -out "$tmp/ca.pem" 2>/dev/null
sign() { # key subject serial extension out
  openssl req -new -key "$1" -subj "$2" -out "$tmp/req.csr" 2>/dev/null
  openssl x509 -req -in "$tmp/req.csr" -CA "$tmp/ca.pem" -CAkey "$tmp/ca.key" -set_serial "$3" -days 3000 \
    -extfile "$tmp/ext.cnf" -extensions "$4" -out "$5" 2>/dev/null
}
sign "$tmp/signer.key" "/CN=Revocation Fuzz OCSP" 0x77 fuzz_signer "$tmp/signer.pem"
sign "$tmp/person.key" "/C=SE/CN=Fuzz Person" 0x1001 fuzz_person "$tmp/person.pem"
openssl x509 -in "$tmp/ca.pem" -outform der -out issuer.der
openssl x509 -in "$tmp/person.pem" -outform der -out cert.der

# OCSP answers: good and revoked, by the CA and by the delegate.
for status in good revoked; do
  if [ $status = good ]; then
    printf 'V\t351231235959Z\t\t1001\tunknown\t/CN=Fuzz Person\n' >"$tmp/index.txt"
  else
    printf 'R\t351231235959Z\t%s,keyCompromise\t1001\tunknown\t/CN=Fuzz Person\n' "$(date -u +%y%m%d%H%M%SZ)" >"$tmp/index.txt"
  fi
  for nonce in nonce no_nonce; do
    flag=""; [ $nonce = no_nonce ] && flag="-no_nonce"
    openssl ocsp -issuer "$tmp/ca.pem" -cert "$tmp/person.pem" $flag -reqout "$tmp/req.der" >/dev/null 2>&1
    for signer in ca signer; do
      openssl ocsp -index "$tmp/index.txt" -rsigner "$tmp/$signer.pem" -rkey "$tmp/$signer.key" -CA "$tmp/ca.pem" \
        -ndays 30 -reqin "$tmp/req.der" -respout "ocsp-$status-$nonce-$signer.der" >/dev/null 2>&1
    done
  done
done

# CRLs: none revoked, and the person revoked.
mkdir -p "$tmp/db"
: >"$tmp/db/index.txt"
cat >"$tmp/ca.cnf" <<CNF
[ca]
default_ca = fuzz
[fuzz]
database = $tmp/db/index.txt
crlnumber = $tmp/db/crlnumber
default_md = sha256
default_crl_days = 30
CNF
echo 01 >"$tmp/db/crlnumber"
openssl ca -gencrl -config "$tmp/ca.cnf" -cert "$tmp/ca.pem" -keyfile "$tmp/ca.key" -out "$tmp/crl.pem" 2>/dev/null
openssl crl -in "$tmp/crl.pem" -outform der -out crl-empty.der
printf 'R\t351231235959Z\t%s,superseded\t1001\tunknown\t/CN=Fuzz Person\n' "$(date -u +%y%m%d%H%M%SZ)" >"$tmp/db/index.txt"
openssl ca -gencrl -config "$tmp/ca.cnf" -cert "$tmp/ca.pem" -keyfile "$tmp/ca.key" -out "$tmp/crl.pem" 2>/dev/null
openssl crl -in "$tmp/crl.pem" -outform der -out crl-revoked.der

# An HTTP answer carrying one of them, chunked.
{
  printf 'HTTP/1.1 200 OK\r\nContent-Type: application/ocsp-response\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n' "$(stat -c %s ocsp-good-nonce-ca.der)"
  cat ocsp-good-nonce-ca.der
  printf '\r\n0\r\n\r\n'
} >http-chunked.txt
echo $(( $(date -u +%s) + 60 )) >now.txt
ls -l
