"""Source files for the import tests: an enablement-map-studio file with CJK text and actions out of order."""

STUDIO = """\
kind: cjm
version: "1.0"
id: cjm:オンボーディング
persona:
  name: 田中さん
  description: 中小企業の経理担当
phases:
  - id: cjm:phase:認知
    name: 認知
  - id: cjm:phase:uat
    name: 受け入れテスト
  - id: cjm:phase:契約
    name: Contract
actions:
  - id: cjm:action:試す
    name: 試用版を使う
    phase: cjm:phase:uat
    touchpoints: [Webアプリ, メール]
    thoughts_feelings: [使いやすいかな？]
    emotion_score: 1
  - id: cjm:action:知る
    name: 広告を見る
    phase: cjm:phase:認知
    emotionScore: -2
    thoughtsFeelings: [高そう]
  - id: cjm:action:sign
    name: 契約する
    phase: cjm:phase:契約
    emotion_score: 2
  - id: cjm:action:比べる
    name: 他社と比べる
    phase: cjm:phase:認知
    emotion_score: 5
---
kind: outcome
id: outcome:1
---
kind: sbp
id: sbp:1
lanes:
  - {id: lane:cjm, name: CJM, kind: cjm}
  - {id: lane:sales, name: 営業チーム, kind: team}
  - {id: lane:system, name: Billing system, kind: system}
tasks:
  - {id: task:cjm:1, lane: lane:cjm, name: 試用版を使う, source_id: cjm:action:試す, readonly: true}
  - {id: task:demo, lane: lane:sales, name: デモを案内, sourceId: cjm:action:知る}
  - {id: task:invoice, lane: lane:system, name: Send the invoice}
  - {id: task:orphan, lane: lane:sales, name: 雑談}
connections:
  - {source: task:cjm:1, target: task:invoice, sourceHandle: right, targetHandle: left}
"""
