# Asterisk 22 from Debian unstable, as scripts/setup.sh builds it with debootstrap.
FROM debian:sid-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      asterisk asterisk-core-sounds-it-wav asterisk-core-sounds-en-wav asterisk-moh-opsound-wav \
 && ln -s it_IT_m_Carlo /usr/share/asterisk/sounds/it \
 && rm -rf /var/lib/apt/lists/*
CMD ["asterisk", "-f", "-U", "root", "-G", "root", "-n"]
