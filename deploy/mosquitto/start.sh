#!/bin/sh
# Starts the bundled broker with a password file: user MQTT_USERNAME (default jobber) with MQTT_PASSWORD, or with a
# password generated at the first start, kept in the data volume and printed once.
set -eu
user="${MQTT_USERNAME:-jobber}"
password="${MQTT_PASSWORD:-}"
if [ -z "$password" ]; then
  if [ ! -s /mosquitto/data/jobber-password ]; then
    (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > /mosquitto/data/jobber-password)
    echo "Generated the MQTT password of user $user: $(cat /mosquitto/data/jobber-password)"
  fi
  password="$(cat /mosquitto/data/jobber-password)"
fi
mkdir -p /mosquitto/auth
(umask 077 && : > /mosquitto/auth/passwd)
mosquitto_passwd -b /mosquitto/auth/passwd "$user" "$password"
chown -R mosquitto:mosquitto /mosquitto/auth /mosquitto/data 2>/dev/null || true
cat > /mosquitto/auth/mosquitto.conf <<CONF
listener 1883
allow_anonymous false
password_file /mosquitto/auth/passwd
persistence true
persistence_location /mosquitto/data/
CONF
exec mosquitto -c /mosquitto/auth/mosquitto.conf
