#!/usr/bin/env bash
# Makes the certificates of a cluster's mutual TLS (cluster.tls) with openssl: one CA, and per node a certificate
# that CA signs, fit for both ends of a connection (serverAuth and clientAuth: a node accepts connections and makes
# them). Keys are EC P-256 in PKCS#8 PEM, readable by their owner only.
#
#   scripts/cluster-certs.sh DIR NAME[=HOST,HOST...]...
#
# DIR/ca.pem        the CA's certificate: every node's cluster.tls.caFile
# DIR/ca-key.pem    the CA's private key: keep it off the nodes; it signs new nodes' certificates
# DIR/NAME.pem      NAME's certificate: its cluster.tls.certFile
# DIR/NAME-key.pem  NAME's private key: its cluster.tls.keyFile
#
# A CA already in DIR is used again, so that a node added later (or a certificate renewed) is signed by the CA the
# others trust; a node's files are replaced. Each HOST (NAME itself when none is given) goes into the certificate's
# subjectAltName, as an IP address or a DNS name. offload's event bus checks the signature, not the name: a node's
# identity is "signed by the cluster's CA". Validity: CERT_DAYS (default 825) for nodes, CA_DAYS (default 3650).
set -euo pipefail

usage() {
  echo "usage: $0 DIR NAME[=HOST,HOST...]...  (e.g. $0 certs front=10.0.0.5 worker1=10.0.0.6)" >&2
  exit 2
}
[ $# -ge 2 ] || usage
command -v openssl >/dev/null 2>&1 || { echo "$0: openssl is needed (Debian: apt-get install openssl)" >&2; exit 1; }
dir=$1
shift
CERT_DAYS=${CERT_DAYS:-825}
CA_DAYS=${CA_DAYS:-3650}
mkdir -p "$dir"
umask 077

if [ -f "$dir/ca.pem" ] && [ -f "$dir/ca-key.pem" ]; then
  echo "cluster-certs: using the CA in $dir/ca.pem" >&2
elif [ -f "$dir/ca.pem" ] || [ -f "$dir/ca-key.pem" ]; then
  echo "$0: $dir has only one of ca.pem and ca-key.pem: give a folder with both, or with neither" >&2
  exit 1
else
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/ca-key.pem"
  openssl req -x509 -new -key "$dir/ca-key.pem" -sha256 -days "$CA_DAYS" -subj "/CN=offload cluster CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$dir/ca.pem"
  echo "cluster-certs: made a CA: $dir/ca.pem (its key $dir/ca-key.pem signs nodes; keep it off them)" >&2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for spec in "$@"; do
  name=${spec%%=*}
  hosts=${spec#*=}
  [ "$spec" = "$name" ] && hosts=$name
  if ! [[ "$name" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]]; then
    echo "$0: node name '$name' must be letters, digits, '.', '_' and '-'" >&2
    exit 2
  fi
  san=""
  IFS=',' read -r -a list <<<"$hosts"
  for host in "${list[@]}"; do
    [ -n "$host" ] || continue
    if [[ "$host" =~ ^[0-9.]+$ ]] || [[ "$host" == *:* ]]; then san+="${san:+,}IP:$host"; else san+="${san:+,}DNS:$host"; fi
  done
  cat > "$work/ext.cnf" <<EOF
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyAgreement
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=$san
EOF
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/$name-key.pem"
  openssl req -new -key "$dir/$name-key.pem" -subj "/CN=$name" -out "$work/$name.csr"
  openssl x509 -req -in "$work/$name.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca-key.pem" -CAcreateserial \
    -CAserial "$work/ca.srl" -sha256 -days "$CERT_DAYS" -extfile "$work/ext.cnf" -out "$dir/$name.pem" 2>/dev/null
  chmod 644 "$dir/$name.pem"
  echo "cluster-certs: $name: $dir/$name.pem and $dir/$name-key.pem ($san, $CERT_DAYS days)" >&2
done
chmod 644 "$dir/ca.pem"
