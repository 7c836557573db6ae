odoo.define('crm_customer360.followup_funnel', function (require) {
"use strict";

/**
 * The follow-up funnel of a campaign or an event (crm.followup.funnel
 * get_funnel_sources / get_funnel_data): one bar per step (reached, lead,
 * first contact, opportunity, won) with its count, the conversion from the
 * previous step and the median days it took; each step's definition is its
 * tooltip. One click opens the people nobody contacted yet. Plain SVG.
 */

var ControlPanelMixin = require('web.ControlPanelMixin');
var core = require('web.core');
var field_utils = require('web.field_utils');
var session = require('web.session');
var Widget = require('web.Widget');

var QWeb = core.qweb;
var _t = core._t;

/**
 * @param {Object[]} steps {label, help, count, conversion, median_days}
 * @param {number} width of the container in pixels
 * @returns {string} SVG markup
 */
function funnelChart(steps, width) {
    var W = Math.round(Math.max(320, Math.min(900, width || 640)));
    var rowH = 56, top = 8, label = W < 500 ? 0 : 150;
    var H = top + steps.length * rowH;
    var max = Math.max(1, steps.length ? steps[0].count : 1);
    var esc = _.escape;
    var svg = ['<svg class="o_c360_funnel_svg" viewBox="0 0 ' + W + ' ' + H + '" role="img" ' +
               'aria-label="' + esc(_t('Follow-up funnel')) + '">'];
    _.each(steps, function (step, i) {
        var y = top + i * rowH;
        var barW = Math.max(2, (W - label - 8) * step.count / max);
        var x = label + (W - label - 8 - barW) / 2;
        svg.push('<g class="o_c360_funnel_step"><title>' + esc(step.label + ': ' + step.help) +
                 '</title>');
        svg.push('<rect x="' + x.toFixed(1) + '" y="' + y + '" width="' + barW.toFixed(1) +
                 '" height="' + (rowH - 12) + '" rx="3" class="o_c360_funnel_bar o_c360_funnel_' +
                 esc(step.step) + '"/>');
        if (label) {
            svg.push('<text x="0" y="' + (y + rowH / 2 - 2) + '" class="o_c360_funnel_label">' +
                     esc(step.label) + '</text>');
        }
        var text = (label ? '' : step.label + ' ') + step.count;
        // a text wider than its bar is written in the page's colour
        var outside = barW < text.length * 9 + 12;
        svg.push('<text x="' + (label + (W - label - 8) / 2) + '" y="' + (y + rowH / 2 - 2) +
                 '" text-anchor="middle" class="o_c360_funnel_count' +
                 (outside ? ' o_c360_funnel_count_out' : '') + '">' + esc(text) + '</text>');
        svg.push('</g>');
    });
    svg.push('</svg>');
    return svg.join('');
}

var FollowupFunnel = Widget.extend(ControlPanelMixin, {
    template: 'crm_customer360.FollowupFunnel',
    events: {
        'change .o_c360_funnel_source': '_onSource',
        'click .o_c360_funnel_not_contacted': '_onNotContacted',
        'click .o_c360_funnel_people': '_onPeople',
    },

    /**
     * @override
     */
    init: function (parent, action) {
        this._super.apply(this, arguments);
        this.action_manager = parent;
        this.sources = [];
        this.sourceKey = (action.context || {}).source_key || null;
        this.data = null;
    },
    /**
     * @override
     */
    willStart: function () {
        var self = this;
        return $.when(this._super.apply(this, arguments), this._rpc({
            model: 'crm.followup.funnel',
            method: 'get_funnel_sources',
            args: [],
            kwargs: {context: session.user_context},
        }).then(function (sources) {
            self.sources = sources;
            if (!self.sourceKey && sources.length) {
                self.sourceKey = sources[0].key;
            }
            return self._loadFunnel();
        }));
    },
    /**
     * @override
     */
    start: function () {
        var self = this;
        this._onResize = _.debounce(this._renderChart.bind(this), 100);
        $(window).on('resize', this._onResize);
        return this._super.apply(this, arguments).then(function () {
            self._updateControlPanel();
            self._render();
        });
    },
    /**
     * @override
     */
    destroy: function () {
        $(window).off('resize', this._onResize);
        $('body').removeClass('o_c360_funnel_shown');
        this._super.apply(this, arguments);
    },
    /**
     * Drawn again once in the page (its width is known only then); on a
     * phone the app's left sub-menu is hidden (LESS) while it is shown.
     *
     * @override
     */
    on_attach_callback: function () {
        $('body').addClass('o_c360_funnel_shown');
        this._renderChart();
    },
    /**
     * @override
     */
    on_detach_callback: function () {
        $('body').removeClass('o_c360_funnel_shown');
    },
    /**
     * @override
     */
    do_show: function () {
        this._super.apply(this, arguments);
        this._updateControlPanel();
    },
    /**
     * @private
     * @returns {Deferred}
     */
    _loadFunnel: function () {
        var self = this;
        if (!this.sourceKey) {
            this.data = null;
            return $.when();
        }
        return this._rpc({
            model: 'crm.followup.funnel',
            method: 'get_funnel_data',
            args: [this.sourceKey],
            kwargs: {context: session.user_context},
        }).then(function (data) {
            self.data = data;
        });
    },
    /**
     * @private
     */
    _render: function () {
        var $content = this.$('.o_c360_funnel_content');
        $content.html(QWeb.render('crm_customer360.FollowupFunnelContent', {
            widget: this,
            sources: this.sources,
            sourceKey: this.sourceKey,
            data: this.data,
            fmtPct: function (v) {
                return v === null || v === undefined ? '' :
                    field_utils.format.float(v, null, {digits: [16, 1]}) + '\u00a0%';
            },
            fmtDays: function (v) {
                return v === null || v === undefined ? '' :
                    field_utils.format.float(v, null, {digits: [16, 1]});
            },
        }));
        this._renderChart();
    },
    /**
     * The SVG at the width of its container, so that its text keeps its size.
     *
     * @private
     */
    _renderChart: function () {
        var $chart = this.$('.o_c360_funnel_chart');
        if (this.data && $chart.length) {
            $chart.html(funnelChart(this.data.steps, $chart.width() || this.$el.width()));
        }
    },
    /**
     * @private
     */
    _updateControlPanel: function () {
        this.update_control_panel({
            breadcrumbs: this.action_manager.get_breadcrumbs(),
            cp_content: {},
        }, {clear: true});
    },
    /**
     * @private
     * @param {jQueryEvent} ev
     */
    _onSource: function (ev) {
        var self = this;
        this.sourceKey = $(ev.currentTarget).val();
        this._loadFunnel().then(function () {
            self._render();
        });
    },
    /**
     * @private
     */
    _onNotContacted: function () {
        var self = this;
        this._rpc({
            model: 'crm.followup.funnel',
            method: 'action_not_contacted',
            args: [this.sourceKey],
            kwargs: {context: session.user_context},
        }).then(function (action) {
            // a window action read on the server names the list 'tree'
            action.views = _.map(action.views, function (view) {
                return [view[0], view[1] === 'tree' ? 'list' : view[1]];
            });
            self.do_action(action);
        });
    },
    /**
     * @private
     */
    _onPeople: function () {
        this.do_action({
            type: 'ir.actions.act_window',
            name: _t('People reached'),
            res_model: 'crm.followup.funnel',
            views: [[false, 'list'], [false, 'pivot'], [false, 'graph']],
            domain: [['source_key', '=', this.sourceKey]],
        });
    },
});

core.action_registry.add('crm_customer360.followup_funnel', FollowupFunnel);

return {FollowupFunnel: FollowupFunnel, funnelChart: funnelChart};
});
